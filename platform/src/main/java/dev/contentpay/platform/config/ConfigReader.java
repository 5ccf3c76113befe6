package dev.contentpay.platform.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads typed settings from a {@link ConfigSource}. Every setting has a default and a description;
 * bad values are collected rather than thrown one at a time, so that {@link #validate()} reports
 * everything wrong with a configuration at once.
 */
public final class ConfigReader {

    /** One documented setting, as {@code contentpay serve NAME --describe-config} would list it. */
    public record Setting(String key, String defaultValue, String description) {
    }

    private final ConfigSource source;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final java.util.Set<String> retired = new java.util.HashSet<>();

    public ConfigReader(ConfigSource source) {
        this.source = source;
    }

    public String string(String key, String defaultValue, String description) {
        return read(key, defaultValue, description, s -> s, "text");
    }

    public String required(String key, String description) {
        settings.put(key, new Setting(key, null, description));
        var value = source.get(key).filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            problems.add(key + " must be set (" + description + "); environment: " + source.environmentName(key));
            return null;
        }
        return value.get();
    }

    public int port(String key, int defaultValue, String description) {
        int port = integer(key, defaultValue, description);
        if (port < 0 || port > 65535) problems.add(key + " must be a port between 0 and 65535, not " + port);
        return port;
    }

    public int integer(String key, int defaultValue, String description) {
        return read(key, Integer.toString(defaultValue), description, Integer::parseInt, "whole number");
    }

    public long longValue(String key, long defaultValue, String description) {
        return read(key, Long.toString(defaultValue), description, Long::parseLong, "whole number");
    }

    public boolean bool(String key, boolean defaultValue, String description) {
        return read(key, Boolean.toString(defaultValue), description, s -> switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(s);
        }, "true or false");
    }

    /** Durations as ISO 8601 ({@code PT5M}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
    public Duration duration(String key, Duration defaultValue, String description) {
        Duration d = read(key, defaultValue.toString(), description, ConfigReader::parseDuration, "duration such as 30s or PT5M");
        if (d != null && (d.isNegative() || d.isZero())) problems.add(key + " must be a positive duration, not " + d);
        return d;
    }

    public Path path(String key, String defaultValue, String description) {
        return read(key, defaultValue, description, Path::of, "file path");
    }

    public URI url(String key, String defaultValue, String description) {
        return read(key, defaultValue, description, s -> {
            URI uri = URI.create(s);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(s);
            }
            return uri;
        }, "http or https URL");
    }

    public <T extends Enum<T>> T choice(String key, T defaultValue, String description) {
        Class<T> type = defaultValue.getDeclaringClass();
        return read(key, defaultValue.name().toLowerCase().replace('_', '-'), description,
                s -> Enum.valueOf(type, s.toUpperCase().replace('-', '_')),
                "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase().replace('_', '-')).toList());
    }

    /**
     * Refuses a setting no longer read, with what replaced it; it is not listed among the settings,
     * and not reported a second time as unknown.
     */
    public void retired(String key, String instead) {
        retired.add(key);
        if (source.get(key).isPresent()) problems.add(key + " is no longer read: " + instead);
    }

    public void check(boolean condition, String problem) {
        if (!condition) problems.add(problem);
    }

    /** Throws a {@link ConfigException} listing every problem, including keys no setting knows. */
    public void validate() {
        var all = new ArrayList<>(problems);
        var known = new java.util.HashSet<>(settings.keySet());
        known.addAll(retired);
        for (String unknown : source.unknownKeys(known)) {
            all.add(unknown + " is not a setting of " + source.server() + " (known: " + String.join(", ", settings.keySet()) + ")");
        }
        if (!all.isEmpty()) throw new ConfigException(all);
    }

    public List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    private <T> T read(String key, String defaultValue, String description, Function<String, T> parse, String kind) {
        settings.put(key, new Setting(key, defaultValue, description));
        String raw = source.get(key).orElse(defaultValue);
        if (raw == null) return null;
        try {
            return parse.apply(raw.trim());
        } catch (RuntimeException e) {
            problems.add(key + " must be a " + kind + ", not '" + raw + "'");
            // Go on with the default so that reading continues and every problem is reported;
            // validate() refuses the configuration anyway.
            return defaultValue == null ? null : parse.apply(defaultValue);
        }
    }

    static Duration parseDuration(String s) {
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(s, e);
            }
        }
        var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(s);
        if (!m.matches()) throw new IllegalArgumentException(s);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
