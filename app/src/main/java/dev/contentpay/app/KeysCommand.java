package dev.contentpay.app;

import com.nimbusds.jose.jwk.JWK;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.tls.Certificates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code contentpay keys}: make a server's signing key, gather public keys for another party, and
 * make the certificate authority and certificates of the dedicated lines' mutual TLS.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make signing keys and share their public halves; make TLS certificates for the dedicated lines.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Merge.class, KeysCommand.Rotate.class, KeysCommand.ListKeys.class,
                KeysCommand.Authority.class, KeysCommand.Certificate.class})
final class KeysCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Create a private signing key file (owner-readable only) unless it exists, and write its public half beside it as NAME.public.jwks.")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the private key file, for example keys/auth.jwk")
        Path file;

        @Option(names = "--kid", required = true, description = "the key id, for example demo-issuer-1 or sakura-shop-1")
        String keyId;

        @Override
        public Integer call() {
            Path pub = AuthServer.publicKeysFile(file);
            // Read as a key ring, so a file that has seen rotations keeps every key not yet retired in its public set.
            JWK key = dev.contentpay.platform.crypto.KeyRing.loadOrCreate(file, keyId, pub,
                    dev.contentpay.platform.crypto.KeyRing.DEFAULT_RETIRE_AFTER, java.time.Clock.systemUTC()).current().key();
            spec.commandLine().getOut().println("private key: " + file + " (kid " + key.getKeyID() + ")");
            spec.commandLine().getOut().println("public keys: " + pub);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Write one public JWK set from several, for example a merchant's shop and settlement keys for auth.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "OUT", description = "the JWK set to write")
        Path out;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "IN", description = "public JWK sets to gather")
        List<Path> inputs;

        @Override
        public Integer call() {
            var keys = new ArrayList<JWK>();
            for (Path in : inputs) {
                for (JWK jwk : KeyFiles.readPublic(in).getKeys()) {
                    keys.add(jwk);
                }
            }
            KeyFiles.writePublic(out, keys);
            spec.commandLine().getOut().println("wrote " + keys.size() + " public keys to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /**
     * A running server's signing keys through its operator face: auth's admin face, settlement's and
     * the shop's admin API, each with its own operator token (read from a file, never from the
     * command line).
     */
    abstract static class OnServer implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SERVER", description = "auth, settlement or shop")
        String server;

        @Option(names = "--url", description = "the server's operator face (default: auth http://127.0.0.1:8092, settlement http://127.0.0.1:8082, "
                + "shop http://127.0.0.1:8083)")
        java.net.URI url;

        @Option(names = "--token-file", description = "the server's admin.token-file (default: data/keys/SERVER-admin.token, the demo's)")
        Path tokenFile;

        abstract com.fasterxml.jackson.databind.JsonNode call(dev.contentpay.app.operator.OperatorClient client);

        @Override
        public Integer call() {
            java.net.URI base = url != null ? url : switch (server) {
                case "auth" -> java.net.URI.create("http://127.0.0.1:8092");
                case "settlement" -> java.net.URI.create("http://127.0.0.1:8082");
                case "shop" -> java.net.URI.create("http://127.0.0.1:8083");
                default -> null;
            };
            if (base == null) {
                spec.commandLine().getErr().println("SERVER must be auth, settlement or shop, not '" + server + "'");
                spec.commandLine().getErr().flush();
                return 2;
            }
            Path token = tokenFile != null ? tokenFile : Path.of("data", "keys", server + "-admin.token");
            var out = spec.commandLine().getOut();
            try {
                var answer = call(new dev.contentpay.app.operator.OperatorClient(base, token));
                if (answer.has("lines")) {
                    out.printf("%-32s %-28s%n", "line", "not-after");
                    for (var line : answer.path("lines")) out.printf("%-32s %-28s%n", line.path("setting").asText(), line.path("notAfter").asText());
                    out.flush();
                    return 0;
                }
                out.printf("%-32s %-28s %-28s%n", "kid", "created", "retires-at");
                for (var key : answer.path("keys")) {
                    String retires = key.path("retiresAt").isTextual() ? key.path("retiresAt").asText() : "(current)";
                    out.printf("%-32s %-28s %-28s%n", key.path("kid").asText(), key.path("created").asText(), retires);
                }
                out.flush();
                return 0;
            } catch (dev.contentpay.platform.error.ContentpayException e) {
                spec.commandLine().getErr().println(e.detail());
                spec.commandLine().getErr().flush();
                return e.code().retryable() ? 3 : 1;
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make a new signing key current on a running server; the old one stays published and accepted for keys.retire-after, then retires by itself. "
                    + "With --line-certificate (auth, settlement): present the dedicated line's certificate and key as their files hold them now, written by 'keys certificate'.")
    static final class Rotate extends OnServer {
        @Option(names = "--line-certificate", description = "read the dedicated lines' certificates again instead of rotating the signing key")
        boolean lineCertificate;

        @Override
        com.fasterxml.jackson.databind.JsonNode call(dev.contentpay.app.operator.OperatorClient client) {
            return client.send("POST", lineCertificate ? "/v1/admin/tls/reloads" : "/v1/admin/keys/rotations", null);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "A running server's signing keys: kid, created, retires-at.")
    static final class ListKeys extends OnServer {
        @Override
        com.fasterxml.jackson.databind.JsonNode call(dev.contentpay.app.operator.OperatorClient client) {
            return client.get("/v1/admin/keys");
        }
    }

    @Command(name = "ca", mixinStandardHelpOptions = true,
            description = "Create a certificate authority for the dedicated lines (EC P-256): FILE is its certificate, to give every party; --key its private key (owner-readable only), to keep offline. An existing authority is left alone.")
    static final class Authority implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the authority's certificate (PEM), for example keys/tls/ca.pem")
        Path file;

        @Option(names = "--key", required = true, description = "the authority's private key (PEM), for example keys/tls/ca.key")
        Path key;

        @Option(names = "--name", defaultValue = "contentpay line CA", description = "its common name (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--days", defaultValue = "3650", description = "how long it is valid (default: ${DEFAULT-VALUE})")
        int days;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            if (java.nio.file.Files.exists(file) || java.nio.file.Files.exists(key)) {
                out.println("certificate authority: " + file + " exists; nothing changed");
            } else {
                Certificates.write(Certificates.authority(name, Instant.now().minusSeconds(300), Duration.ofDays(days)), file, key);
                out.println("certificate authority: " + file + " (private key " + key + ", valid " + days + " days)");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "certificate", mixinStandardHelpOptions = true,
            description = "Issue a server's certificate for the dedicated lines, signed by the authority: it serves TLS and is presented as the client certificate. Written as FILE and --key (owner-readable only); replaces an existing one.")
    static final class Certificate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "the certificate to write (PEM), for example keys/tls/auth.pem")
        Path file;

        @Option(names = "--key", required = true, description = "its private key (PEM), for example keys/tls/auth.key")
        Path key;

        @Option(names = "--ca", required = true, description = "the authority's certificate")
        Path ca;

        @Option(names = "--ca-key", required = true, description = "the authority's private key")
        Path caKey;

        @Option(names = "--name", required = true, description = "the server's name, for example auth, bureau or sakura-settlement")
        String name;

        @Option(names = "--host", description = "a host name or IP address the server is reached at; repeat for several (default: 127.0.0.1 and localhost)")
        List<String> hosts;

        @Option(names = "--days", defaultValue = "365", description = "how long it is valid (default: ${DEFAULT-VALUE})")
        int days;

        @Override
        public Integer call() {
            var authority = Certificates.read(ca, caKey);
            var names = hosts == null || hosts.isEmpty() ? Certificates.LOCAL_HOSTS : hosts;
            Certificates.write(Certificates.issue(authority, name, names, Instant.now().minusSeconds(300), Duration.ofDays(days)), file, key);
            spec.commandLine().getOut().println("certificate: " + file + " for " + name + " (" + String.join(", ", names) + "; private key " + key
                    + ", valid " + days + " days, issued by " + ca + ")");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
