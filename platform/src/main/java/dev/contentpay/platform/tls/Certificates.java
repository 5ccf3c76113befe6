package dev.contentpay.platform.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The certificates of the dedicated line, made with Bouncy Castle: a private certificate authority
 * and the certificates it issues to servers, all EC P-256 signed with ECDSA-SHA256, kept as PEM
 * files. A private key file is readable by its owner only.
 */
public final class Certificates {

    /** A certificate and its private key; for an authority, the certificate is self-signed. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    /** The names every demo certificate carries, so that clients can check the host they dialled. */
    public static final List<String> LOCAL_HOSTS = List.of("127.0.0.1", "localhost");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    /** A new certificate authority, valid from {@code notBefore} for {@code validity}. */
    public static Issued authority(String name, Instant notBefore, Duration validity) {
        KeyPair pair = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            var ext = new JcaX509ExtensionUtils();
            var builder = builder(subject, subject, pair, notBefore, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new Issued(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a certificate authority: " + e.getMessage(), e);
        }
    }

    /**
     * A certificate for one server, signed by {@code ca}: usable both to serve TLS and to present as
     * a client, with {@code hosts} (IP addresses or DNS names) as its subject alternative names.
     */
    public static Issued issue(Issued ca, String name, List<String> hosts, Instant notBefore, Duration validity) {
        KeyPair pair = keyPair();
        try {
            var ext = new JcaX509ExtensionUtils();
            var names = new ArrayList<GeneralName>();
            for (String host : hosts) names.add(generalName(host));
            var builder = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), new X500Name("CN=" + name),
                    pair, notBefore, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            return new Issued(sign(builder, ca.key()), pair.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes the certificate (shareable) and its private key (owner-only), both in PEM. */
    /** The names a certificate gives its subject: the CN of its subject and its subject alternative names (DNS, IP, URI). */
    public static java.util.Set<String> names(X509Certificate certificate) {
        var names = new java.util.LinkedHashSet<String>();
        try {
            for (var rdn : new javax.naming.ldap.LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) names.add(rdn.getValue().toString());
            }
            var alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (entry.size() >= 2 && entry.get(1) instanceof String name) names.add(name);
                }
            }
        } catch (javax.naming.InvalidNameException | java.security.cert.CertificateParsingException e) {
            // A name that cannot be read names no one.
        }
        return names;
    }

    public static void write(Issued issued, Path certFile, Path keyFile) {
        writePem(keyFile, issued.key(), true);
        writePem(certFile, issued.certificate(), false);
    }

    /** Reads a certificate and key written by {@link #write}, or by openssl in PKCS#8 or SEC1 form. */
    public static Issued read(Path certFile, Path keyFile) {
        return new Issued(readCertificate(certFile), readKey(keyFile));
    }

    public static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            var all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) throw new IllegalStateException(file + " holds no certificate");
            return (X509Certificate) all.iterator().next();
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readKey(Path file) {
        try (var parser = new PEMParser(Files.newBufferedReader(file))) {
            Object pem = parser.readObject();
            var converter = new JcaPEMKeyConverter();
            if (pem instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            if (pem instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
            throw new IllegalStateException(file + " holds no private key in PEM");
        } catch (IOException e) {
            throw new IllegalStateException(file + " is not a PEM private key: " + e.getMessage(), e);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) {
        try {
            var text = new StringWriter();
            try (var writer = new JcaPEMWriter(text)) {
                // Keys as PKCS#8 ("PRIVATE KEY"), which every TLS tool reads.
                if (object instanceof PrivateKey key) writer.writeObject(new JcaPKCS8Generator(key, null));
                else writer.writeObject(object);
            }
            if (secret) {
                dev.contentpay.platform.io.OwnerOnlyFiles.writeString(file, text.toString());
                return;
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair pair, Instant notBefore, Duration validity) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(notBefore),
                Date.from(notBefore.plus(validity)), subject, pair.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws CertificateException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String host) throws IOException {
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        if (ip) return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress());
        return new GeneralName(GeneralName.dNSName, host);
    }
}
