package dev.contentpay.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.app.Main;
import dev.contentpay.auth.AuthConfig;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.http.ManagementPort;
import dev.contentpay.platform.http.Json;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.shop.ShopConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deploy files (docs/DEPLOY.md) stay true to the code: deploy/compose.yaml's servers run real
 * commands with configuration every server accepts, publish and probe the ports that configuration
 * names; each systemd unit starts a real command, hardened; the image's Jib configuration names
 * the real main class and ports, and a built image tar (scripts/images) is a whole image.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final List<String> SERVERS = List.of("auth", "bureau", "shop", "settlement");

    /** One server's port settings, read through its own configuration class. */
    private record Ports(List<Integer> listening, ManagementPort.Settings management) {
    }

    private static final Map<String, Function<ConfigSource, Ports>> LOAD = Map.of(
            "auth", s -> {
                var c = AuthConfig.load(s);
                return new Ports(List.of(c.subscriberPort(), c.merchantPort(), c.adminPort()), c.management());
            },
            "bureau", s -> {
                var c = BureauConfig.load(s);
                return new Ports(List.of(c.port()), c.management());
            },
            "shop", s -> {
                var c = ShopConfig.load(s);
                return new Ports(List.of(c.port()), c.management());
            },
            "settlement", s -> {
                var c = SettlementConfig.load(s);
                return new Ports(List.of(c.port()), c.management());
            });

    private static final Map<String, List<ConfigReader.Setting>> SETTINGS = Map.of("auth", AuthConfig.settings(),
            "bureau", BureauConfig.settings(), "shop", ShopConfig.settings(), "settlement", SettlementConfig.describe());

    @Test
    void everyComposeServerRunsARealCommandWithSettingsItsServerAccepts() throws Exception {
        // SnakeYAML itself, which applies compose's merge keys (<<: *server) as compose does.
        Object yaml;
        try (Reader in = Files.newBufferedReader(DEPLOY.resolve("compose.yaml"))) {
            yaml = new org.yaml.snakeyaml.Yaml().load(in);
        }
        JsonNode compose = Json.MAPPER.valueToTree(yaml);
        JsonNode services = compose.get("services");
        assertThat(services.has("postgres")).isTrue();
        for (String server : SERVERS) {
            JsonNode service = services.get(server);
            assertThat(service).as("compose service " + server).isNotNull();
            List<String> command = strings(service.get("command"));
            assertThat(command).as(server + "'s command").containsExactly("serve", server, "--config", "/etc/contentpay/" + server + ".properties");
            Main.commandLine().parseArgs(command.toArray(String[]::new));
            assertThat(strings(service.get("volumes"))).as(server + "'s volumes").contains("./config:/etc/contentpay:ro");

            // Every variable is one of the server's settings, read from the environment; the
            // password is interpolated by compose from deploy/.env, never written here.
            Map<String, String> environment = new LinkedHashMap<>();
            service.get("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            ConfigSource names = ConfigSource.of(server, Map.of());
            Set<String> known = SETTINGS.get(server).stream().map(s -> names.environmentName(s.key())).collect(Collectors.toSet());
            assertThat(environment.keySet()).as(server + "'s environment").isNotEmpty().allMatch(known::contains);
            environment.values().forEach(v -> assertThat(v).doesNotContainPattern("password=[^$]"));
            // Its own database, as its own role, with that role's password.
            String url = environment.get(names.environmentName("database.url"));
            assertThat(url).as(server + "'s database").isEqualTo("jdbc:postgresql://postgres:5432/" + server + "?user=" + server
                    + "&password=${" + server.toUpperCase(java.util.Locale.ROOT) + "_DB_PASSWORD}");
            environment.replaceAll((k, v) -> v.replaceAll("\\$\\{[A-Z_]+}", "secret"));

            Ports ports = LOAD.get(server).apply(ConfigSource.of(server, properties(server), environment));
            assertThat(ports.management().enabled()).as(server + " has a management port").isTrue();
            assertThat(ports.management().host()).isEqualTo("0.0.0.0");
            List<String> published = service.has("ports") ? strings(service.get("ports")) : List.of();
            for (String mapping : published) {
                String[] parts = mapping.split(":");
                assertThat(parts[0]).as("published only on the host's loopback: " + mapping).isEqualTo("127.0.0.1");
                assertThat(Integer.parseInt(parts[2])).as(server + " publishes " + mapping).isIn(ports.listening());
            }
            assertThat(published).as("the management port is not published").noneMatch(p -> p.endsWith(":" + ports.management().port()));
            String health = String.join(" ", strings(service.get("healthcheck").get("test")));
            assertThat(health).contains("/dev/tcp/127.0.0.1/" + ports.management().port(), "GET /health ");
        }
        assertThat(Files.readString(DEPLOY.resolve("compose.yaml"))).doesNotContainPattern("(?i)password: *[a-z0-9]");
    }

    @Test
    void eachServerHasItsOwnKeyVolumeItsOwnDatabaseRoleAndPasswordsOnlyFromTheEnvFile() throws Exception {
        Object yaml;
        try (Reader in = Files.newBufferedReader(DEPLOY.resolve("compose.yaml"))) {
            yaml = new org.yaml.snakeyaml.Yaml().load(in);
        }
        JsonNode services = Json.MAPPER.<JsonNode>valueToTree(yaml).get("services");
        Map<String, String> writableBy = new HashMap<>();
        for (String server : SERVERS) {
            List<String> volumes = strings(services.get(server).get("volumes"));
            // Only the bureau never writes its keys (it has no signing key and no operator token).
            String own = server + "-keys:/var/lib/contentpay/keys" + ("bureau".equals(server) ? ":ro" : "");
            assertThat(volumes).as(server + "'s volumes").contains(own, "public-keys:/var/lib/contentpay/public:ro")
                    .noneMatch(v -> v.startsWith("line-authority:"));
            for (String volume : volumes) {
                if (volume.startsWith(".") || volume.endsWith(":ro")) continue;
                String name = volume.substring(0, volume.indexOf(':'));
                assertThat(writableBy.put(name, server)).as("the volume " + name + " is written by " + server + " alone").isNull();
            }
            // The public keys a server reads are the ones keys.sh hands on.
            for (var setting : properties(server).entrySet()) {
                if (setting.getValue().startsWith("public/")) {
                    String file = setting.getValue().substring("public/".length());
                    assertThat(Files.readString(DEPLOY.resolve("keys.sh"))).as(server + "'s " + setting.getKey())
                            .containsPattern("cp [^\\n]*\\b" + java.util.regex.Pattern.quote(file) + "\\b[^\\n]* public/");
                }
            }
        }
        assertThat(strings(services.get("keys").get("volumes"))).contains("line-authority:/keys/ca");

        // Each role, its password from the environment, and its database owned by it.
        String init = Files.readString(DEPLOY.resolve("postgres/init.sql"));
        var postgres = services.get("postgres").get("environment");
        List<String> variables = new ArrayList<>(List.of("POSTGRES_PASSWORD"));
        for (String server : SERVERS) {
            String variable = server.toUpperCase(java.util.Locale.ROOT) + "_DB_PASSWORD";
            variables.add(variable);
            assertThat(init).contains("\\getenv " + server + "_password " + variable, "CREATE ROLE " + server + " LOGIN PASSWORD :'" + server + "_password';",
                    "CREATE DATABASE " + server + " OWNER " + server + ";");
            assertThat(postgres.get(variable).asText()).startsWith("${" + variable + ":?");
        }
        assertThat(init).contains("REVOKE ALL ON DATABASE auth, bureau, shop, settlement FROM PUBLIC").doesNotContainPattern("PASSWORD '");

        // Every variable compose interpolates is in the committed example, and only the example is committed.
        var interpolated = new java.util.TreeSet<String>();
        var matcher = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+)").matcher(Files.readString(DEPLOY.resolve("compose.yaml")));
        while (matcher.find()) interpolated.add(matcher.group(1));
        assertThat(interpolated).containsExactlyInAnyOrderElementsOf(variables);
        var example = new Properties();
        try (Reader in = Files.newBufferedReader(DEPLOY.resolve(".env.example"))) {
            example.load(in);
        }
        assertThat(example.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(variables);
        example.values().forEach(v -> assertThat(v.toString()).startsWith("change-me"));
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains("deploy/.env");
    }

    @Test
    void everySystemdUnitStartsARealCommandAndIsHardened() throws Exception {
        for (String server : SERVERS) {
            Path unit = DEPLOY.resolve("systemd/contentpay-" + server + ".service");
            Map<String, List<String>> service = section(Files.readAllLines(unit), "Service");
            String exec = one(service, "ExecStart");
            List<String> words = List.of(exec.split("\\s+"));
            assertThat(words.get(0)).isEqualTo("/opt/contentpay/contentpay");
            List<String> args = words.subList(1, words.size());
            assertThat(args).containsExactly("serve", server, "--config", "/etc/contentpay/" + server + ".properties");
            Main.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(one(service, "User")).isEqualTo("contentpay");
            assertThat(one(service, "NoNewPrivileges")).isEqualTo("yes");
            assertThat(one(service, "ProtectSystem")).isEqualTo("strict");
            assertThat(one(service, "PrivateTmp")).isEqualTo("yes");
            assertThat(one(service, "Restart")).isEqualTo("on-failure");
            assertThat(one(service, "ReadWritePaths")).isEqualTo(one(service, "WorkingDirectory")).isEqualTo("/var/lib/contentpay/" + server);
            assertThat(service.get("Environment")).anyMatch(e -> e.startsWith("JAVA_HOME=/"));
            assertThat(one(service, "EnvironmentFile")).isEqualTo("/etc/contentpay/" + server + ".env");
        }
    }

    @Test
    void theImageRunsTheLauncherAsAUserOnThePortsTheServersUse() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("app/pom.xml").toFile());
        Element profile = (Element) pom.getElementsByTagName("profile").item(0);
        assertThat(text(profile, "id")).isEqualTo("images");
        assertThat(text(profile, "image.base")).isEqualTo("eclipse-temurin:21-jre");
        assertThat(text(profile, "version")).isEqualTo("3.5.2");
        assertThat(text(profile, "mainClass")).isEqualTo(Main.class.getName());
        assertThat(text(profile, "user")).doesNotStartWith("0").doesNotStartWith("root");
        // Reproducible: Jib's own times are fixed, and so are the times inside every module's jar.
        assertThat(text(profile, "creationTime")).isEqualTo("EPOCH");
        var root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        String outputTimestamp = root.getElementsByTagName("project.build.outputTimestamp").item(0).getTextContent().trim();
        assertThat(java.time.Instant.parse(outputTimestamp)).as("project.build.outputTimestamp, a fixed time").isNotNull();
        var ports = profile.getElementsByTagName("port");
        List<Integer> exposed = new ArrayList<>();
        for (int i = 0; i < ports.getLength(); i++) exposed.add(Integer.parseInt(ports.item(i).getTextContent()));
        for (String server : SERVERS) {
            Ports defaults = LOAD.get(server).apply(ConfigSource.of(server, properties(server), Map.of(
                    names(server).environmentName("database.url"), "jdbc:sqlite:x.db")));
            assertThat(exposed).as(server + "'s ports in deploy/config").containsAll(defaults.listening()).contains(defaults.management().port());
        }
    }

    /**
     * The tar scripts/images built, when there is one: a docker-save archive whose manifest names a
     * config and layers that are all in it, each layer's uncompressed SHA-256 the config's diff id,
     * and the entry point the launcher's main class. Without a built tar (CI builds none: it needs
     * a base image) this test says so and is skipped.
     */
    @Test
    void aBuiltImageTarIsAWholeImage() throws Exception {
        Path tar = ROOT.resolve("app/target/images/contentpay.tar");
        Assumptions.assumeTrue(Files.isRegularFile(tar), "no image built: scripts/images builds app/target/images/contentpay.tar");
        Map<String, byte[]> entries = TarEntries.read(tar);
        JsonNode manifest = Json.MAPPER.readTree(entries.get("manifest.json")).get(0);
        JsonNode config = Json.MAPPER.readTree(entries.get(manifest.get("Config").asText()));
        List<String> layers = strings(manifest.get("Layers"));
        List<String> diffIds = strings(config.get("rootfs").get("diff_ids"));
        assertThat(layers).hasSameSizeAs(diffIds).isNotEmpty();
        for (int i = 0; i < layers.size(); i++) {
            byte[] layer = entries.get(layers.get(i));
            assertThat(layer).as("layer " + layers.get(i) + " is in the tar").isNotNull();
            byte[] plain = layers.get(i).endsWith(".gz") ? new GZIPInputStream(new java.io.ByteArrayInputStream(layer)).readAllBytes() : layer;
            assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain))).isEqualTo(diffIds.get(i));
        }
        List<String> entrypoint = strings(config.get("config").get("Entrypoint"));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(Main.class.getName());
        assertThat(config.get("config").get("User").asText()).isEqualTo("10001:10001");
        assertThat(strings(manifest.get("RepoTags"))).containsExactly("contentpay:0.1.0-SNAPSHOT");
    }

    private static Map<String, String> properties(String server) throws IOException {
        var p = new Properties();
        try (Reader in = Files.newBufferedReader(DEPLOY.resolve("config/" + server + ".properties"))) {
            p.load(in);
        }
        Map<String, String> values = new HashMap<>();
        p.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        return values;
    }

    private static ConfigSource names(String server) {
        return ConfigSource.of(server, Map.of());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(Element parent, String tag) {
        var nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) fail("app/pom.xml's images profile has no <" + tag + ">");
        return nodes.item(0).getTextContent().trim();
    }

    /** The key = value lines of one [section] of a unit file, values by key in order. */
    private static Map<String, List<String>> section(List<String> lines, String name) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        boolean inside = false;
        for (String line : lines) {
            String l = line.trim();
            if (l.startsWith("[")) inside = l.equals("[" + name + "]");
            else if (inside && !l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                String key = l.substring(0, l.indexOf('=')).trim();
                String value = l.substring(l.indexOf('=') + 1).trim();
                if (value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return values;
    }

    private static String one(Map<String, List<String>> section, String key) {
        assertThat(section.get(key)).as(key).isNotNull().hasSize(1);
        return section.get(key).get(0);
    }

    /** The regular files of a (ustar) tar, by name. */
    static final class TarEntries {
        static Map<String, byte[]> read(Path tar) throws IOException {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            try (InputStream in = Files.newInputStream(tar)) {
                byte[] header = new byte[512];
                while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                    String name = field(header, 0, 100);
                    long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                    var body = new ByteArrayOutputStream();
                    body.write(in.readNBytes((int) size));
                    in.skipNBytes((512 - size % 512) % 512);
                    if (header[156] == '0' || header[156] == 0) entries.put(name, body.toByteArray());
                }
            }
            return entries;
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) end++;
            return new String(header, offset, end - offset, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
