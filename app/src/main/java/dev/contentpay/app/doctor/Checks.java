package dev.contentpay.app.doctor;

import com.nimbusds.jose.jwk.JWK;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.KeyRing;
import com.nimbusds.jose.jwk.JWKSet;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.contentpay.platform.tls.TlsFiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The doctor's individual checks. None of them changes anything: keys are read, not created;
 * migrations are counted, not applied; peers are asked for liveness only.
 */
final class Checks {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Checks() {
    }

    static void privateKey(Diagnosis d, String server, String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            d.fail(server, setting + " " + file + " does not exist; the server creates it on first start, or make it with 'contentpay keys generate'.");
            return;
        }
        try {
            JWK key = KeyRing.read(file).stream().filter(e -> e.retiresAt() == null).findFirst().orElseThrow().key();
            if (!key.isPrivate()) {
                d.fail(server, setting + " " + file + " holds only a public key; it must be the server's private key.");
                return;
            }
            d.ok(server, "its signing key " + file + " (kid " + key.getKeyID() + ") is readable.");
        } catch (Exception e) {
            d.fail(server, setting + " " + file + " is not an Ed25519 (or P-256) private key in JWK form.");
            return;
        }
        ownerOnly(d, server, setting, file);
    }

    /**
     * The ages of a server's signing keys: a current key older than {@code keys.max-age} is due for
     * {@code contentpay keys rotate}; a replaced key past its retirement still in the file is one the
     * server (not running, then) has not dropped yet.
     */
    static void keyAges(Diagnosis d, String server, String setting, Path file, Duration maxAge) {
        if (!Files.isRegularFile(file)) return;
        try {
            Instant now = Instant.now();
            for (KeyRing.Entry e : KeyRing.read(file)) {
                if (e.retiresAt() != null && !now.isBefore(e.retiresAt())) {
                    d.warn(server, setting + " " + file + " still holds key " + e.kid() + ", retired at " + e.retiresAt()
                            + "; the server drops it from its files within a second when it runs.");
                } else if (e.retiresAt() != null) {
                    d.ok(server, "its replaced signing key " + e.kid() + " is accepted until " + e.retiresAt() + ".");
                } else if (KeyRing.olderThan(e, maxAge, now)) {
                    d.warn(server, "its signing key " + e.kid() + " was made at " + e.created() + ", longer ago than keys.max-age ("
                            + maxAge + "); rotate it with 'contentpay keys rotate " + server + "' while the server runs.");
                } else {
                    d.ok(server, "its signing key " + e.kid() + " was made at " + e.created() + ", within keys.max-age (" + maxAge + ").");
                }
            }
        } catch (java.io.IOException e) {
            // privateKey has said the file cannot be read.
        }
    }

    static void secretFile(Diagnosis d, String server, String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            d.warn(server, setting + " " + file + " does not exist yet; the server creates it on first start.");
            return;
        }
        d.ok(server, setting + " " + file + " exists.");
        ownerOnly(d, server, setting, file);
    }

    static void ownerOnly(Diagnosis d, String server, String setting, Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
                d.fail(server, setting + " " + file + " can be read by other users; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | java.io.IOException e) {
            d.warn(server, "the permissions of " + file + " cannot be checked on this file system.");
        }
    }

    /** Whether {@code file} holds public keys only (said either way). */
    static boolean publicKeys(Diagnosis d, String server, String setting, Path file) {
        if (!Files.isRegularFile(file)) {
            d.fail(server, setting + " " + file + " does not exist; it must hold the other party's public JWK set.");
            return false;
        }
        try {
            JWKSet set = JWKSet.parse(Files.readString(file));
            if (set.getKeys().isEmpty()) d.fail(server, setting + " " + file + " holds no key.");
            else if (set.getKeys().stream().anyMatch(k -> k.isPrivate())) d.fail(server, setting + " " + file + " holds a private key; give other parties only public keys.");
            else {
                d.ok(server, setting + " " + file + " holds " + set.getKeys().size() + " public key(s).");
                return true;
            }
        } catch (Exception e) {
            d.fail(server, setting + " " + file + " is not a JWK set.");
        }
        return false;
    }

    /** Connects and counts the migrations not yet applied, without applying them. */
    static void database(Diagnosis d, String server, String url, String schema) {
        if (url.startsWith("jdbc:sqlite:")) {
            Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
            if (!Files.exists(file)) {
                d.warn(server, "its database " + file + " does not exist yet; it is created and migrated on first start.");
                return;
            }
        }
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(3_000);
        try (var ds = new HikariDataSource(config)) {
            try (var c = ds.getConnection()) {
                c.isValid(2);
            }
            var flyway = dev.contentpay.platform.db.Database.inspect(ds, schema);
            int pending = flyway.info().pending().length;
            if (pending == 0) d.ok(server, "its database answers and every migration is applied.");
            else d.warn(server, "its database answers; " + pending + " migration(s) will be applied at the next start.");
        } catch (Exception e) {
            d.fail(server, "its database " + redacted(url) + " cannot be reached: " + e.getMessage());
        }
    }

    /**
     * A line's certificate, key and authority: they exist, parse, belong together and are valid
     * now (a warning within 30 days of the end); the private key readable by its owner only.
     */
    static void certificates(Diagnosis d, String server, TlsFiles tls) {
        for (var f : tls.inspect(java.time.Clock.systemUTC())) {
            switch (f.kind()) {
                case OK -> d.ok(server, f.sentence());
                case WARNING -> d.warn(server, f.sentence());
                case FAILURE -> d.fail(server, f.sentence());
            }
        }
        if (Files.isRegularFile(tls.keyFile())) ownerOnly(d, server, tls.prefix() + ".key-file", tls.keyFile());
    }

    /** The TLS context to probe a peer over mutual TLS with, or null when the certificates are unusable (already said). */
    static javax.net.ssl.SSLContext context(TlsFiles tls) {
        if (tls == null) return null;
        try {
            return tls.sslContext();
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void reachable(Diagnosis d, String server, String what, URI base) {
        reachable(d, server, what, base, null);
    }

    /** Asks a peer's liveness probe, over mutual TLS with {@code tls} when the peer's URL is https. */
    static void reachable(Diagnosis d, String server, String what, URI base, javax.net.ssl.SSLContext tls) {
        HttpClient http = tls == null ? HTTP : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(tls)
                .sslParameters(TlsFiles.clientParameters(tls)).build();
        try {
            var response = http.send(HttpRequest.newBuilder(base.resolve("/health/live")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) d.ok(server, what + " at " + base + " answers.");
            else d.fail(server, what + " at " + base + " answers HTTP " + response.statusCode() + " to its liveness probe.");
        } catch (javax.net.ssl.SSLException e) {
            d.fail(server, what + " at " + base + " refused the secure connection: " + e.getMessage()
                    + "; check that both ends' certificates come from the same authority.");
        } catch (Exception e) {
            d.fail(server, what + " at " + base + " cannot be reached.");
        }
    }

    /** A JDBC URL without a password in it. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
