package dev.contentpay.shop.catalog;

import dev.contentpay.platform.config.ConfigException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the shop's catalog file (docs/RELIABILITY.md): whatever {@code catalog.json} holds, and
 * whichever of the files it names exist, loading gives the items, or a
 * {@link ConfigException} that names every problem, never any other exception.
 */
class CatalogFuzzTest {

    @Property
    void anyCatalogFileLoadsOrIsRefusedWithItsProblems(@ForAll("catalogs") String json, @ForAll boolean filesExist) {
        var files = new CatalogLoader.CatalogFiles() {
            @Override
            public Optional<byte[]> read(String name) {
                if (name.equals(CatalogLoader.CATALOG_FILE)) return Optional.of(json.getBytes(StandardCharsets.UTF_8));
                return filesExist ? Optional.of(new byte[]{1, 2, 3}) : Optional.empty();
            }

            @Override
            public String where(String name) {
                return "fuzz/" + name;
            }
        };
        try {
            List<ShopItem> items = CatalogLoader.load(files);
            assertThat(items).isNotEmpty();
        } catch (ConfigException refused) {
            assertThat(refused.problems()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> catalogs() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("null", "0", "-1", "100", "1e400", "12.5", "9223372036854775808", "true", "[]", "{}"),
                Arbitraries.strings().ofMaxLength(20).map(CatalogFuzzTest::quote),
                Arbitraries.of("wallpaper", "image", "image/png", "wallpaper.png", "../../etc/passwd", "/etc/passwd", "", "a\u0000b")
                        .map(CatalogFuzzTest::quote));
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("id", "title", "genre", "kind", "description", "price", "currency", "picture",
                "contentFile", "mediaType", "file"), Arbitraries.strings().alpha().ofMaxLength(8));
        Arbitrary<String> item = Combinators.combine(key, value).as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(12)
                .map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.oneOf(item.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]"),
                Arbitraries.strings().ofMaxLength(50), Arbitraries.of("", "null", "[null]", "{}", "[[]]", "[" + "[".repeat(2000)));
    }

    /** A JSON string literal, escaped as the servers' own writer escapes it. */
    static String quote(String s) {
        return dev.contentpay.platform.http.Json.writeString(s);
    }
}
