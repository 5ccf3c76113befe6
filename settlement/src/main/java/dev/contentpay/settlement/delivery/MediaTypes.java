package dev.contentpay.settlement.delivery;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Media types as they may appear in a header, and the file extension a download is saved with. */
public final class MediaTypes {

    public static final String FALLBACK = "application/octet-stream";

    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}");

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"), Map.entry("image/svg+xml", "svg"),
            Map.entry("audio/wav", "wav"), Map.entry("audio/x-wav", "wav"), Map.entry("audio/wave", "wav"),
            Map.entry("audio/mpeg", "mp3"), Map.entry("audio/ogg", "ogg"), Map.entry("audio/midi", "mid"),
            Map.entry("audio/aac", "aac"), Map.entry("audio/mp4", "m4a"),
            Map.entry("video/mp4", "mp4"), Map.entry("video/webm", "webm"),
            Map.entry("text/html", "html"), Map.entry("text/plain", "txt"),
            Map.entry("application/epub+zip", "epub"), Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"), Map.entry("application/java-archive", "jar"),
            Map.entry("application/vnd.android.package-archive", "apk"));

    private MediaTypes() {
    }

    /**
     * The media type without parameters, lower case, or {@link #FALLBACK} when it is not a plain
     * {@code type/subtype}: it ends up in a response header, so nothing else may pass.
     */
    public static String normalize(String mediaType) {
        if (mediaType == null) return FALLBACK;
        String bare = mediaType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return SAFE.matcher(bare).matches() ? bare : FALLBACK;
    }

    public static String extension(String mediaType) {
        return EXTENSIONS.getOrDefault(normalize(mediaType), "bin");
    }
}
