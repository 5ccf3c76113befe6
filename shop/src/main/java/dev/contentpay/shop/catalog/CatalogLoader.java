package dev.contentpay.shop.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.ConsumptionTax;
import dev.contentpay.platform.money.Money;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a catalog: a {@code catalog.json} listing the items and, beside it, each item's content file
 * and PNG picture. Everything is read and checked once at start, and every problem found is reported
 * together, so a merchant fixes a broken catalog in one go instead of one restart per mistake.
 */
public final class CatalogLoader {

    public static final String CATALOG_FILE = "catalog.json";
    /** The built-in demo catalog's folder on the class path. */
    public static final String DEMO_FOLDER = "demo/";

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Where the catalog's files are read from: a folder on disk or one on the class path. */
    interface CatalogFiles {
        /** The file's bytes, or empty when there is no such file. */
        Optional<byte[]> read(String name) throws IOException;

        /** Where a file would be, for messages. */
        String where(String name);

        /** The file on disk, when the catalog is a folder and it exists; empty for the class path. */
        default Optional<Path> file(String name) {
            return Optional.empty();
        }
    }

    private CatalogLoader() {
    }

    /** The catalog in {@code folder}, or the built-in demo catalog when {@code folder} is null. */
    public static List<ShopItem> load(Path folder) {
        return folder == null ? load(classpathFiles(DEMO_FOLDER)) : load(folderFiles(folder));
    }

    static List<ShopItem> load(CatalogFiles files) {
        var problems = new ArrayList<String>();
        List<CatalogFileEntry> entries = readEntries(files, problems);
        var items = new ArrayList<ShopItem>();
        var ids = new HashSet<String>();
        for (int i = 0; i < entries.size(); i++) {
            toItem(files, entries.get(i), i + 1, ids, problems).ifPresent(items::add);
        }
        if (problems.isEmpty() && items.isEmpty()) {
            problems.add(files.where(CATALOG_FILE) + " lists no items; a shop needs at least one to sell");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return List.copyOf(items);
    }

    private static List<CatalogFileEntry> readEntries(CatalogFiles files, List<String> problems) {
        String where = files.where(CATALOG_FILE);
        try {
            Optional<byte[]> json = files.read(CATALOG_FILE);
            if (json.isEmpty()) {
                problems.add("the catalog " + where + " does not exist");
                return List.of();
            }
            List<CatalogFileEntry> entries = Json.MAPPER.readValue(json.get(), new TypeReference<List<CatalogFileEntry>>() { });
            if (entries == null || entries.contains(null)) {
                problems.add(where + " must be a JSON array of item objects");
                return List.of();
            }
            return entries;
        } catch (UnrecognizedPropertyException e) {
            problems.add(where + ": '" + e.getPropertyName() + "' is not a field of a catalog item (known: "
                    + String.join(", ", fieldNames()) + ")");
        } catch (JsonProcessingException e) {
            problems.add(where + " is not a valid catalog: " + e.getOriginalMessage() + locationOf(e));
        } catch (IOException e) {
            problems.add("the catalog " + where + " cannot be read: " + e.getMessage());
        }
        return List.of();
    }

    /** Checks one entry and loads its files; returns nothing (and adds problems) when it is unusable. */
    private static Optional<ShopItem> toItem(CatalogFiles files, CatalogFileEntry e, int position, Set<String> ids, List<String> problems) {
        String label = "catalog item " + position + (e.id() == null ? "" : " ('" + e.id() + "')");
        int before = problems.size();
        if (!Ids.isWellFormed(e.id())) {
            problems.add(label + ": id must be 1 to 128 letters, digits, '.', '_' or '-', not '" + e.id() + "'");
        } else if (!ids.add(e.id())) {
            problems.add(label + ": the id '" + e.id() + "' is used by an earlier item too");
        }
        requireText(e.title(), label, "title", problems);
        requireText(e.genre(), label, "genre", problems);
        requireText(e.kind(), label, "kind", problems);
        if (e.price() <= 0) problems.add(label + ": price must be a positive whole number of minor units, not " + e.price());
        if (!Money.isKnownCurrency(e.currency())) {
            problems.add(label + ": currency must be an ISO 4217 code such as JPY, not '" + e.currency() + "'");
        }
        if (e.taxRate() != null && !ConsumptionTax.isRate(e.taxRate())) {
            problems.add(label + ": taxRate must be 10 (standard) or 8 (reduced), not " + e.taxRate());
        }
        if (e.mediaType() == null || !e.mediaType().matches("[\\w.+-]+/[\\w.+-]+")) {
            problems.add(label + ": mediaType must be a media type such as image/png, not '" + e.mediaType() + "'");
        }
        Content content = readContent(files, e.contentFile(), e.mediaType(), label, problems);
        byte[] picture = readFile(files, e.picture(), label, "picture", problems);
        if (picture != null && !isPng(picture)) {
            problems.add(label + ": the picture " + files.where(e.picture()) + " is not a PNG image");
        }
        if (problems.size() > before) return Optional.empty();
        var item = new ShopItem(e.id(), e.title().strip(), e.genre().strip(), e.kind().strip(),
                e.description() == null ? "" : e.description().strip(), Money.of(e.price(), e.currency()),
                content, picture, ConsumptionTax.orStandard(e.taxRate()));
        return Optional.of(item);
    }

    private static void requireText(String value, String label, String field, List<String> problems) {
        if (value == null || value.isBlank()) problems.add(label + ": " + field + " must not be empty");
    }

    /**
     * The content file: left on disk, hashed here a buffer at a time, when the catalog is a folder;
     * read whole from the class path (the demo's small contents).
     */
    private static Content readContent(CatalogFiles files, String name, String mediaType, String label, List<String> problems) {
        String type = mediaType == null ? "application/octet-stream" : mediaType;
        Optional<Path> file = isPlainRelativeName(name) ? files.file(name) : Optional.empty();
        if (file.isEmpty()) {
            byte[] bytes = readFile(files, name, label, "contentFile", problems);
            return bytes == null ? null : new Content(type, bytes, ClientAssertions.sha256Hex(bytes));
        }
        try {
            long size = Files.size(file.get());
            if (size == 0) {
                problems.add(label + ": the contentFile " + files.where(name) + " is empty");
                return null;
            }
            return Content.ofFile(type, file.get(), size, sha256Of(file.get()));
        } catch (IOException ex) {
            problems.add(label + ": the contentFile " + files.where(name) + " cannot be read: " + ex.getMessage());
            return null;
        }
    }

    private static String sha256Of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ClientAssertions.sha256Hex(in);
        }
    }

    private static byte[] readFile(CatalogFiles files, String name, String label, String field, List<String> problems) {
        if (!isPlainRelativeName(name)) {
            problems.add(label + ": " + field + " must name a file inside the catalog folder, not '" + name + "'");
            return null;
        }
        try {
            Optional<byte[]> bytes = files.read(name);
            if (bytes.isEmpty()) {
                problems.add(label + ": the " + field + " " + files.where(name) + " does not exist");
                return null;
            }
            if (bytes.get().length == 0) {
                problems.add(label + ": the " + field + " " + files.where(name) + " is empty");
                return null;
            }
            return bytes.get();
        } catch (IOException ex) {
            problems.add(label + ": the " + field + " " + files.where(name) + " cannot be read: " + ex.getMessage());
            return null;
        }
    }

    /**
     * A catalog may only name files in its own folder (or below it): no absolute paths and no
     * {@code ..}, so that a catalog cannot make the shop serve, say, its own private key.
     */
    static boolean isPlainRelativeName(String name) {
        if (name == null || name.isBlank() || name.startsWith("/") || name.contains("\\") || name.contains(":")) return false;
        return Arrays.stream(name.split("/")).noneMatch(part -> part.isEmpty() || part.equals(".") || part.equals(".."));
    }

    private static boolean isPng(byte[] bytes) {
        return bytes.length > PNG_SIGNATURE.length
                && Arrays.equals(Arrays.copyOf(bytes, PNG_SIGNATURE.length), PNG_SIGNATURE);
    }

    private static List<String> fieldNames() {
        return Arrays.stream(CatalogFileEntry.class.getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toList();
    }

    private static String locationOf(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static CatalogFiles folderFiles(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        return new CatalogFiles() {
            @Override
            public Optional<byte[]> read(String name) throws IOException {
                Path file = root.resolve(name).normalize();
                if (!file.startsWith(root) || !Files.isRegularFile(file)) return Optional.empty();
                return Optional.of(Files.readAllBytes(file));
            }

            @Override
            public String where(String name) {
                return root.resolve(name).toString();
            }

            @Override
            public Optional<Path> file(String name) {
                Path file = root.resolve(name).normalize();
                return file.startsWith(root) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
            }
        };
    }

    static CatalogFiles classpathFiles(String prefix) {
        ClassLoader loader = CatalogLoader.class.getClassLoader();
        return new CatalogFiles() {
            @Override
            public Optional<byte[]> read(String name) throws IOException {
                try (InputStream in = loader.getResourceAsStream(prefix + name)) {
                    return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
                }
            }

            @Override
            public String where(String name) {
                return "classpath:" + prefix + name;
            }
        };
    }
}
