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

    /** Values given in code, as the demo and the tests do; the environment is ignored. */
    public static ConfigSource of(String server, Map<String, String> values) {
        return new ConfigSource(server, values, Map.of());
    }

    public ConfigSource with(String key, String value) {
        var copy = new HashMap<>(file);
        copy.put(key, value);
        return new ConfigSource(server, copy, environment);
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
