package dev.contentpay.platform.tls;

import dev.contentpay.platform.config.ConfigReader;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of a mutual-TLS line as configured: this server's certificate and private key, and the
 * one certificate authority it trusts for the other side. The same three settings serve a server
 * face (which then requires a client certificate from that authority) and a client (which then
 * presents its certificate and trusts no other authority).
 *
 * @param prefix the settings' prefix, for example {@code merchant.tls}, named in every message
 */
public record TlsFiles(String prefix, Path certFile, Path keyFile, Path caFile) {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TlsFiles.class);

    /** TLS 1.3 first; 1.2 for peers that lack it; nothing older. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Forward-secret AEAD suites only: the TLS 1.3 suites, and ECDHE with ECDSA (our keys) under 1.2. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    /** A certificate this close to its end is worth a warning. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    /** What {@link #inspect} found: a failure stops a server; a warning is said and tolerated. */
    public record Finding(Kind kind, String sentence) {
        public enum Kind { OK, WARNING, FAILURE }

        public boolean failure() {
            return kind == Kind.FAILURE;
        }
    }

    /**
     * Reads {@code PREFIX.cert-file}, {@code PREFIX.key-file} and {@code PREFIX.ca-file}: null when
     * none is set (plain HTTP), a problem for the reader when only some are.
     *
     * @param serving true for a server face, false for a client of one
     * @param peer    who is on the other end, for the descriptions: "merchants' settlement servers"
     */
    public static TlsFiles read(ConfigReader r, String prefix, boolean serving, String peer) {
        String cert = r.string(prefix + ".cert-file", "", serving
                ? "the TLS certificate (PEM) this server presents; with " + prefix + ".key-file and " + prefix + ".ca-file it speaks HTTPS only and requires a client certificate from " + peer + "; empty for plain HTTP"
                : "the client certificate (PEM) presented to " + peer + " over mutual TLS; needed when its URL is https");
        String key = r.string(prefix + ".key-file", "", "the private key (PEM, readable by its owner only) of " + prefix + ".cert-file");
        String ca = r.string(prefix + ".ca-file", "", serving
                ? "the certificate authority (PEM) whose certificates " + peer + " must present"
                : "the only certificate authority (PEM) trusted to certify " + peer);
        int set = (blank(cert) ? 0 : 1) + (blank(key) ? 0 : 1) + (blank(ca) ? 0 : 1);
        if (set == 0) return null;
        r.check(set == 3, prefix + ".cert-file, " + prefix + ".key-file and " + prefix + ".ca-file must be set together (mutual TLS needs all three), or none of them");
        return set == 3 ? new TlsFiles(prefix, Path.of(cert.trim()), Path.of(key.trim()), Path.of(ca.trim())) : null;
    }

    /**
     * A client's URL and its TLS settings must agree: an https server of ours requires the client's
     * certificate, and a certificate configured for a plain http URL would silently go unused.
     */
    /** The SSL context of {@code tls}, or null for plain HTTP when it is not configured. */
    public static SSLContext sslContextOrNull(TlsFiles tls) {
        return tls == null ? null : tls.sslContext();
    }

    public static void checkClient(ConfigReader r, String urlKey, java.net.URI url, TlsFiles tls, String prefix) {
        if (url == null) return;
        boolean https = "https".equals(url.getScheme());
        r.check(!https || tls != null, urlKey + " is https, so " + prefix + ".cert-file, " + prefix + ".key-file and " + prefix
                + ".ca-file must be set: the server requires a client certificate");
        r.check(https || tls == null, prefix + ".* is set but " + urlKey + " is plain http; use an https URL for mutual TLS");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * Checks the files as a server about to use them would: each exists and parses, the key belongs
     * to the certificate, the certificate was issued by the authority, and both are valid now.
     */
    public List<Finding> inspect(Clock clock) {
        var findings = new ArrayList<Finding>();
        X509Certificate cert = certificate(certFile, "cert-file", findings);
        X509Certificate ca = certificate(caFile, "ca-file", findings);
        PrivateKey key = null;
        if (!Files.isRegularFile(keyFile)) findings.add(fail("key-file", keyFile, "does not exist"));
        else {
            try {
                key = Certificates.readKey(keyFile);
            } catch (RuntimeException e) {
                findings.add(fail("key-file", keyFile, "is not a PEM private key"));
            }
        }
        if (cert != null && key != null && !matches(key, cert)) {
            findings.add(fail("key-file", keyFile, "is not the private key of " + certFile));
        }
        if (cert != null && ca != null && !issuedBy(cert, ca)) {
            findings.add(fail("cert-file", certFile, "was not issued by the authority in " + caFile));
        }
        Instant now = clock.instant();
        if (cert != null) validity(cert, certFile, "cert-file", now, findings);
        if (ca != null) validity(ca, caFile, "ca-file", now, findings);
        if (cert != null && findings.stream().noneMatch(Finding::failure)) {
            findings.add(new Finding(Finding.Kind.OK, prefix + ".cert-file " + certFile + " (" + cert.getSubjectX500Principal().getName()
                    + ") is valid until " + cert.getNotAfter().toInstant() + " and chains to " + caFile + "."));
        }
        return findings;
    }

    /**
     * The SSL context for this side of the line, after {@link #inspect} found nothing wrong; a
     * failure stops the server at start with every problem in the message, a warning is logged.
     * Validity is judged on the system clock, as the JDK judges the peer's certificates.
     */
    public SSLContext sslContext() {
        return line().context();
    }

    /**
     * This side of the line as a context whose own certificate and key can be read again from
     * their files while it serves and calls ({@link Line#reload}); checked as {@link #sslContext}.
     */
    public Line line() {
        checked();
        var identity = new AlwaysPresent(keyManager(Certificates.read(certFile, keyFile)));
        return new Line(this, context(identity, Certificates.readCertificate(caFile)), identity);
    }

    private void checked() {
        var findings = inspect(Clock.systemUTC());
        var failures = findings.stream().filter(Finding::failure).map(Finding::sentence).toList();
        if (!failures.isEmpty()) throw new IllegalStateException(String.join(" ", failures));
        findings.stream().filter(f -> f.kind() == Finding.Kind.WARNING).forEach(f -> LOG.warn("{}", f.sentence()));
    }

    /**
     * One side of a dedicated line: its SSL context and the identity it presents, which
     * {@link #reload} replaces with what the certificate and key files hold now (after
     * {@code contentpay keys certificate} wrote new ones). Handshakes after the reload present the
     * new certificate, on the server face and on the client's new connections; connections open
     * keep theirs. The authority (ca-file) is read at start only.
     */
    public static final class Line {
        private final TlsFiles files;
        private final SSLContext context;
        private final AlwaysPresent identity;

        Line(TlsFiles files, SSLContext context, AlwaysPresent identity) {
            this.files = files;
            this.context = context;
            this.identity = identity;
        }

        public SSLContext context() {
            return context;
        }

        public TlsFiles files() {
            return files;
        }

        /** Reads the certificate and key again; when they fail the start's checks, throws with the reasons and keeps the old ones. */
        public void reload() {
            files.checked();
            identity.use(keyManager(Certificates.read(files.certFile(), files.keyFile())));
            LOG.info("{}: the line certificate {} is presented from now on", files.prefix(), files.certFile());
        }
    }

    /** An SSL context presenting {@code identity} and trusting {@code authority} alone; no checks. */
    public static SSLContext context(Certificates.Issued identity, X509Certificate authority) {
        return context(new AlwaysPresent(keyManager(identity)), authority);
    }

    private static X509ExtendedKeyManager keyManager(Certificates.Issued identity) {
        try {
            char[] none = new char[0];
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(null, none);
            keys.setKeyEntry("identity", identity.key(), none, new X509Certificate[]{identity.certificate()});
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, none);
            return (X509ExtendedKeyManager) keyManagers.getKeyManagers()[0];
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(AlwaysPresent identity, X509Certificate authority) {
        try {
            char[] none = new char[0];
            var trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, none);
            trusted.setCertificateEntry("authority", authority);
            var trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trusted);
            var context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{identity}, trustManagers.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's key manager offers a client certificate only when its issuer is one the server
     * named, so a certificate from the wrong authority would silently become no certificate. This
     * one always presents its one identity and leaves the judgement to the server, whose refusal
     * then names the real problem.
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        /** Replaced whole by a reload; each handshake reads it once per call. */
        private volatile X509ExtendedKeyManager keys;

        AlwaysPresent(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        void use(X509ExtendedKeyManager replacement) {
            this.keys = replacement;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return "identity";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return "identity";
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return keys.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** The protocols and suites above, for either end of a connection made by Jetty (the servers' line, the parties' client). */
    public static <F extends org.eclipse.jetty.util.ssl.SslContextFactory> F restrict(F factory) {
        factory.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        factory.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        return factory;
    }

    /** The protocols and suites above, for a client. */
    public static SSLParameters clientParameters(SSLContext context) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
        parameters.setCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        return parameters;
    }

    private X509Certificate certificate(Path file, String setting, List<Finding> findings) {
        if (!Files.isRegularFile(file)) {
            findings.add(fail(setting, file, "does not exist"));
            return null;
        }
        try {
            return Certificates.readCertificate(file);
        } catch (RuntimeException e) {
            findings.add(fail(setting, file, "is not a PEM certificate"));
            return null;
        }
    }

    private void validity(X509Certificate cert, Path file, String setting, Instant now, List<Finding> findings) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) findings.add(fail(setting, file, "expired on " + notAfter + "; issue a new one"));
        else if (now.isBefore(notBefore)) findings.add(fail(setting, file, "is not valid before " + notBefore + "; check the clock"));
        else if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            findings.add(new Finding(Finding.Kind.WARNING, prefix + "." + setting + " " + file + " expires on " + notAfter
                    + ", in less than " + EXPIRY_WARNING.toDays() + " days; issue a new one soon."));
        }
    }

    private Finding fail(String setting, Path file, String what) {
        return new Finding(Finding.Kind.FAILURE, prefix + "." + setting + " " + file + " " + what + ".");
    }

    private static boolean matches(PrivateKey key, X509Certificate cert) {
        try {
            String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            byte[] probe = "contentpay key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            var signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate ca) {
        try {
            if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) return false;
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
