package dev.contentpay.app;

import dev.contentpay.platform.tls.Certificates;
import dev.contentpay.platform.tls.TlsFiles;

import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The demo's own certificate authority and the certificates of the servers on the dedicated lines
 * (auth, the bureau, settlement), made in {@code keys/tls} on first start and made again when one
 * is missing, broken, expired or within 30 days of its end. Every certificate names 127.0.0.1 and
 * localhost and serves both as a server's and as a client's.
 */
public final class DemoCertificates {

    static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(365);

    private final Path dir;

    private DemoCertificates(Path dir) {
        this.dir = dir;
    }

    /** The demo's certificates under {@code keysDir/tls}, made or renewed as needed. */
    public static DemoCertificates ensure(Path keysDir, String... servers) {
        var names = new java.util.LinkedHashMap<String, String>();
        for (String server : servers) names.put(server, server);
        return ensure(keysDir, names);
    }

    /**
     * The certificates of {@code names}' servers (the file names), each naming (subject CN) its
     * value: settlement's names the merchant it settles for, which auth ties its assertions to.
     * One that names another is made again.
     */
    public static DemoCertificates ensure(Path keysDir, Map<String, String> names) {
        var certificates = new DemoCertificates(keysDir.resolve("tls"));
        Instant now = Instant.now();
        boolean newAuthority = !Files.isRegularFile(certificates.caKey()) || needsRenewal(certificates.files("ca", "ca"));
        if (newAuthority) {
            Certificates.write(Certificates.authority("contentpay demo CA", now.minusSeconds(300), AUTHORITY_VALIDITY),
                    certificates.ca(), certificates.caKey());
        }
        Certificates.Issued authority = null;
        for (var entry : names.entrySet()) {
            String server = entry.getKey();
            if (!newAuthority && !needsRenewal(certificates.files("t", server)) && names(certificates.cert(server), entry.getValue())) continue;
            if (authority == null) authority = Certificates.read(certificates.ca(), certificates.caKey());
            Certificates.write(Certificates.issue(authority, entry.getValue(), Certificates.LOCAL_HOSTS, now.minusSeconds(300), SERVER_VALIDITY),
                    certificates.cert(server), certificates.key(server));
        }
        return certificates;
    }

    private static boolean names(Path cert, String name) {
        try {
            return Certificates.names(Certificates.readCertificate(cert)).contains(name);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean needsRenewal(TlsFiles files) {
        return files.inspect(Clock.systemUTC()).stream().anyMatch(f -> f.kind() != TlsFiles.Finding.Kind.OK);
    }

    /** The demo's certificates under {@code keysDir/tls} as they are, for a test that uses them. */
    public static DemoCertificates in(Path keysDir) {
        return new DemoCertificates(keysDir.resolve("tls"));
    }

    /** The three settings {@code PREFIX.cert-file}, {@code PREFIX.key-file}, {@code PREFIX.ca-file} of one server. */
    public Map<String, Object> settings(String prefix, String server) {
        return Map.of(prefix + ".cert-file", cert(server), prefix + ".key-file", key(server), prefix + ".ca-file", ca());
    }

    /** The TLS context a server presents on the line, for a test that calls it as that server would. */
    public SSLContext context(String server) {
        return files("tls", server).sslContext();
    }

    TlsFiles files(String prefix, String server) {
        return server.equals("ca") ? new TlsFiles(prefix, ca(), caKey(), ca()) : new TlsFiles(prefix, cert(server), key(server), ca());
    }

    Path ca() {
        return dir.resolve("ca.pem");
    }

    Path caKey() {
        return dir.resolve("ca.key");
    }

    Path cert(String server) {
        return dir.resolve(server + ".pem");
    }

    Path key(String server) {
        return dir.resolve(server + ".key");
    }
}
