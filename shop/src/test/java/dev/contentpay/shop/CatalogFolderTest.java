package dev.contentpay.shop;

import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.shop.catalog.CatalogLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogFolderTest {

    @TempDir
    Path dir;

    private Path catalogFolder(String json) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("catalog"));
        Files.writeString(folder.resolve("catalog.json"), json);
        Files.write(folder.resolve("song.mp3"), new byte[]{1, 2, 3});
        Files.write(folder.resolve("song.png"), TestShop.demoFile((String) TestShop.demoEntry("ringtone").get("picture")));
        return folder;
    }

    private static String entry(String id, String title, long price, String currency, String content, String picture) {
        return """
                {"id": "%s", "title": "%s", "genre": "music", "kind": "audio", "description": "A song <b>loud</b>",
                 "price": %d, "currency": "%s", "contentFile": "%s", "mediaType": "audio/mpeg", "picture": "%s"}"""
                .formatted(id, title, price, currency, content, picture);
    }

    @Test
    void aCatalogFolderReplacesTheDemoCatalog() throws IOException {
        Path folder = catalogFolder("[" + entry("song", "Song", 300, "JPY", "song.mp3", "song.png") + "]");

        try (var shop = TestShop.start(dir, Map.of("catalog.dir", folder.toString()), true)) {
            Catalog catalog = TestShop.json(shop.get("/v1/catalog"), Catalog.class);

            assertThat(catalog.items()).singleElement().satisfies(item -> {
                assertThat(item.id()).isEqualTo("song");
                assertThat(item.size()).isEqualTo(3);
            });
            assertThat(shop.downloadAsSettlement("song").body()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void merchantTextIsEscapedOnTheCatalogPage() throws IOException {
        Path folder = catalogFolder("[" + entry("song", "<script>alert(1)</script>", 300, "EUR", "song.mp3", "song.png") + "]");

        try (var shop = TestShop.start(dir, Map.of("catalog.dir", folder.toString()), true)) {
            String html = TestShop.text(shop.get("/"));

            assertThat(html).doesNotContain("<script>", "<b>")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("€3.00");
        }
    }

    @Test
    void aCatalogWithMistakesReportsEveryProblemAtOnceBeforeAnythingStarts() throws IOException {
        Path folder = catalogFolder("[" + String.join(",",
                entry("bad id!", "Song", 300, "JPY", "song.mp3", "song.png"),
                entry("free", "Song", 0, "JPY", "song.mp3", "song.png"),
                entry("odd", "Song", 300, "XYZ", "missing.mp3", "song.mp3"),
                entry("free", "Song", 300, "JPY", "song.mp3", "song.png")) + "]");

        assertThatThrownBy(() -> ShopServer.start(TestShop.config(dir, Map.of("catalog.dir", folder.toString())), Clock.systemUTC()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "catalog item 1 ('bad id!'): id must be 1 to 128 letters, digits, '.', '_' or '-', not 'bad id!'",
                        "catalog item 2 ('free'): price must be a positive whole number of minor units, not 0",
                        "catalog item 3 ('odd'): currency must be an ISO 4217 code such as JPY, not 'XYZ'",
                        "catalog item 3 ('odd'): the contentFile " + folder.resolve("missing.mp3") + " does not exist",
                        "catalog item 3 ('odd'): the picture " + folder.resolve("song.mp3") + " is not a PNG image",
                        "catalog item 4 ('free'): the id 'free' is used by an earlier item too"));
        assertThat(dir.resolve("keys")).as("no key is created for a shop that cannot start").doesNotExist();
        assertThat(dir.resolve("data")).as("no database either").doesNotExist();
    }

    @Test
    void aCatalogCannotNameFilesOutsideItsFolder() throws IOException {
        Files.writeString(dir.resolve("secret.txt"), "not for sale");
        Path folder = catalogFolder("[" + entry("song", "Song", 300, "JPY", "../secret.txt", "/etc/hostname") + "]");

        assertThatThrownBy(() -> CatalogLoader.load(folder))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "catalog item 1 ('song'): contentFile must name a file inside the catalog folder, not '../secret.txt'",
                        "catalog item 1 ('song'): picture must name a file inside the catalog folder, not '/etc/hostname'"));
    }

    @Test
    void anItemsTaxRateIsTheStandardOrTheReducedOneAndStandardWhenLeftOut() throws IOException {
        String reduced = entry("bread", "Bread recipe", 216, "JPY", "song.mp3", "song.png").replace("\"price\"", "\"taxRate\": 8, \"price\"");
        String unsaid = entry("song", "Song", 330, "JPY", "song.mp3", "song.png");
        assertThat(CatalogLoader.load(catalogFolder("[" + reduced + "," + unsaid + "]")))
                .extracting(dev.contentpay.shop.catalog.ShopItem::taxRate).containsExactly(8, 10);

        String five = entry("song", "Song", 300, "JPY", "song.mp3", "song.png").replace("\"price\"", "\"taxRate\": 5, \"price\"");
        assertThatThrownBy(() -> CatalogLoader.load(catalogFolder("[" + five + "]")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("catalog item 1 ('song'): taxRate must be 10 (standard) or 8 (reduced), not 5"));
    }

    @Test
    void aCatalogWithAnUnknownFieldNamesTheField() throws IOException {
        String withPrize = entry("song", "Song", 300, "JPY", "song.mp3", "song.png").replace("\"price\"", "\"prize\": 1, \"price\"");
        Path folder = catalogFolder("[" + withPrize + "]");

        assertThatThrownBy(() -> CatalogLoader.load(folder))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("'prize' is not a field of a catalog item"));
    }

    @Test
    void aMissingCatalogIsReported() {
        assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("nowhere")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("does not exist"));
    }
}
