package dev.contentpay.app;

import dev.contentpay.shop.catalog.CatalogLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The catalog of the demo's second merchant ("Momiji Media"): a small catalog of its own, with
 * its own item ids and prices, selling some of the built-in demo's media, written to
 * {@code <data>/momiji-catalog} on every start so that its shop reads it like any merchant's
 * {@code catalog.dir}.
 */
final class SecondMerchantCatalog {

    /** The media files the catalog names, taken from the built-in demo catalog. */
    private static final List<String> MEDIA = List.of("ringtone.wav", "ringtone-picture.png", "game.html", "game-picture.png",
            "video.gif", "video-picture.png");

    private SecondMerchantCatalog() {
    }

    static Path write(Path dataDir) {
        Path folder = dataDir.resolve(Deployment.SECOND_MERCHANT_ID + "-catalog");
        try {
            Files.createDirectories(folder);
            copy(SecondMerchantCatalog.class.getResourceAsStream("momiji/" + CatalogLoader.CATALOG_FILE), folder.resolve(CatalogLoader.CATALOG_FILE));
            for (String file : MEDIA) {
                copy(CatalogLoader.class.getClassLoader().getResourceAsStream(CatalogLoader.DEMO_FOLDER + file), folder.resolve(file));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the second merchant's catalog to " + folder, e);
        }
    }

    private static void copy(InputStream resource, Path to) throws IOException {
        if (resource == null) throw new IOException("a file of the demo catalog is missing from the build: " + to.getFileName());
        try (resource) {
            Files.copy(resource, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
