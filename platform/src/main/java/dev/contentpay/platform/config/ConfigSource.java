package dev.contentpay.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where configuration values come from, in rising precedence: the defaults each setting declares,
 * then a properties file, then the environment. A key {@code http.port} of the server {@code auth}
 * is read from the environment as {@code CONTENTPAY_AUTH_HTTP_PORT}, so that servers sharing one
 * environment (the demo) never read each other's values.
 */
public final class ConfigSource {

    private final String server;
    private final Map<String, String> file;
    private final Map<String, String> environment;

    private ConfigSource(String server, Map<String, String> file, Map<String, String> environment) {
        this.server = server;
        this.file = Map.copyOf(file);
        this.environment = Map.copyOf(environment);
    }

    /** Reads the file (if given) and the process environment. */
    public static ConfigSource load(String server, Path file) {
        return new ConfigSource(server, file == null ? Map.of() : readFile(file), System.getenv());
    }

    /** Values given in code, as the tests do; the environment is ignored. */
    public static ConfigSource of(String server, Map<String, String> values) {
        return new ConfigSource(server, values, Map.of());
    }

    /**
     * Values given in code in place of a file, under {@code environment} as {@link #load} reads
     * the process environment: what the demo does, so that every setting takes effect there as
     * in {@code serve}.
     */
    public static ConfigSource of(String server, Map<String, String> values, Map<String, String> environment) {
        return new ConfigSource(server, values, environment);
    }

    public ConfigSource with(String key, String value) {
        var copy = new HashMap<>(file);
        copy.put(key, value);
        return new ConfigSource(server, copy, environment);
    }

    /**
     * The settings under {@code prefix.} with the prefix taken off, for one part of a server that
     * runs several (the combined store's {@code shop.http.port} is its shop's {@code http.port}).
     * Its environment names keep the prefix: {@code CONTENTPAY_STORE_SHOP_HTTP_PORT}.
     */
    public ConfigSource section(String prefix) {
        var values = new HashMap<String, String>();
        file.forEach((k, v) -> {
            if (k.startsWith(prefix + ".")) values.put(k.substring(prefix.length() + 1), v);
        });
        return new ConfigSource(server + "_" + prefix, values, environment);
    }

    /** This source with {@code key} set to {@code value} unless the file sets it. */
    public ConfigSource withDefault(String key, String value) {
        return file.containsKey(key) ? this : with(key, value);
    }

    /** The file's keys that no part of a combined server takes: those outside every section and every key of its own. */
    public List<String> keysOutside(java.util.Set<String> sections, java.util.Set<String> own) {
        return file.keySet().stream().filter(k -> !own.contains(k) && sections.stream().noneMatch(s -> k.startsWith(s + ".")))
                .sorted().toList();
    }

    public String server() {
        return server;
    }

    public String environmentName(String key) {
        return ("CONTENTPAY_" + server + "_" + key).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public Optional<String> get(String key) {
        String fromEnv = environment.get(environmentName(key));
        if (fromEnv != null) return Optional.of(fromEnv);
        return Optional.ofNullable(file.get(key));
    }

    /** Keys present in the file that no setting read: most likely typing mistakes. */
    public List<String> unknownKeys(java.util.Set<String> known) {
        return file.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of("the configuration file " + file + " does not exist or is not a file"));
        }
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(List.of("the configuration file " + file + " cannot be read: " + e.getMessage()));
        }
        var map = new HashMap<String, String>();
        properties.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
    }
}
