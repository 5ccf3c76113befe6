package dev.contentpay.platform.tls;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.platform.observe.Readiness;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dedicated line's TLS, on a real Jetty server and the JDK client: only a client certificate
 * from the configured authority, still valid, over TLS 1.2 or newer, gets an answer.
 */
class MutualTlsTest {

    private static final Instant NOW = Instant.now();
    private static final Duration YEAR = Duration.ofDays(365);

    static Certificates.Issued ca;
    static Certificates.Issued server;
    static Javalin app;
    static URI url;

    @BeforeAll
    static void start() {
        ca = Certificates.authority("test line CA", NOW.minusSeconds(60), YEAR);
        server = Certificates.issue(ca, "auth", Certificates.LOCAL_HOSTS, NOW.minusSeconds(60), YEAR);
        app = WebServer.create("tls-test", Readiness.of(), TlsFiles.context(server, ca.certificate()), cfg -> { },
                routes -> routes.get("/v1/hello", ctx -> ctx.json(Map.of("hello", "merchant"))));
        app.start("127.0.0.1", 0);
        url = URI.create("https://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void aClientWithACertificateFromTheAuthorityIsAnswered() {
        var good = settlementCertificate();
        assertThat(client(TlsFiles.context(good, ca.certificate())).get("/v1/hello", Map.class)).containsEntry("hello", "merchant");
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        var trustOnly = SSLContext.getInstance("TLS");
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        var managers = TrustManagerFactory.getInstance("PKIX");
        managers.init(trust);
        trustOnly.init(null, managers.getTrustManagers(), null);

        assertRefusedOverTls(client(trustOnly));
    }

    @Test
    void aClientCertificateFromAnotherAuthorityIsRefused() {
        var stranger = Certificates.issue(otherAuthority(), "settlement", Certificates.LOCAL_HOSTS, NOW.minusSeconds(60), YEAR);
        // The stranger trusts our authority, so only its own certificate can be the reason.
        assertRefusedOverTls(client(TlsFiles.context(stranger, ca.certificate())));
    }

    @Test
    void anExpiredClientCertificateIsRefused() {
        var expired = Certificates.issue(ca, "settlement", Certificates.LOCAL_HOSTS, NOW.minus(Duration.ofDays(10)), Duration.ofDays(1));
        assertRefusedOverTls(client(TlsFiles.context(expired, ca.certificate())));
    }

    @Test
    void aClientRefusesAServerCertifiedByAnotherAuthority() {
        var good = settlementCertificate();
        assertRefusedOverTls(client(TlsFiles.context(good, otherAuthority().certificate())));
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() {
        var plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/hello"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aTls11HelloIsRefusedWhileTheSameHelloAsTls12IsAnswered() throws IOException {
        // The JDK client cannot be made to offer TLS 1.1 any more, so the hello is written by hand.
        assertThat(firstRecordTypeAnswering(0x0303)).as("a TLS 1.2 hello gets a ServerHello").isEqualTo(0x16);
        assertThat(firstRecordTypeAnswering(0x0302)).as("a TLS 1.1 hello gets an alert or nothing").isIn(0x15, -1);
    }

    @Test
    void theSettingsMustComeInThrees() {
        var r = new dev.contentpay.platform.config.ConfigReader(dev.contentpay.platform.config.ConfigSource.of("auth",
                Map.of("merchant.tls.cert-file", "a.pem")));
        assertThat(TlsFiles.read(r, "merchant.tls", true, "merchants")).isNull();
        assertThatThrownBy(r::validate).hasMessageContaining("merchant.tls.cert-file, merchant.tls.key-file and merchant.tls.ca-file must be set together");
    }

    @Test
    void inspectionNamesAMissingFileAForeignKeyAWrongAuthorityAndAnExpiry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var good = Certificates.issue(ca, "settlement", Certificates.LOCAL_HOSTS, NOW.minusSeconds(60), Duration.ofDays(10));
        Certificates.write(good, dir.resolve("s.pem"), dir.resolve("s.key"));
        Certificates.write(ca, dir.resolve("ca.pem"), dir.resolve("ca.key"));
        var other = Certificates.authority("other", NOW.minusSeconds(60), YEAR);
        Certificates.write(other, dir.resolve("other.pem"), dir.resolve("other.key"));

        List<TlsFiles.Finding> fine = new TlsFiles("t", dir.resolve("s.pem"), dir.resolve("s.key"), dir.resolve("ca.pem")).inspect(Clock.systemUTC());
        assertThat(fine).noneMatch(TlsFiles.Finding::failure)
                .anyMatch(f -> f.kind() == TlsFiles.Finding.Kind.WARNING && f.sentence().contains("expires on") && f.sentence().contains("less than 30 days"));
        assertThat(new TlsFiles("t", dir.resolve("s.pem"), dir.resolve("other.key"), dir.resolve("other.pem")).inspect(Clock.systemUTC()))
                .filteredOn(TlsFiles.Finding::failure).extracting(TlsFiles.Finding::sentence)
                .anyMatch(s -> s.contains("is not the private key of"))
                .anyMatch(s -> s.contains("was not issued by the authority in"));
        assertThat(new TlsFiles("t", dir.resolve("s.pem"), dir.resolve("s.key"), dir.resolve("ca.pem"))
                .inspect(Clock.fixed(NOW.plus(Duration.ofDays(11)), java.time.ZoneOffset.UTC)))
                .filteredOn(TlsFiles.Finding::failure).extracting(TlsFiles.Finding::sentence).anyMatch(s -> s.contains("expired on"));
        assertThat(new TlsFiles("t", dir.resolve("missing.pem"), dir.resolve("s.key"), dir.resolve("ca.pem")).inspect(Clock.systemUTC()))
                .filteredOn(TlsFiles.Finding::failure).extracting(TlsFiles.Finding::sentence).containsExactly("t.cert-file " + dir.resolve("missing.pem") + " does not exist.");
        assertThatThrownBy(() -> new TlsFiles("t", dir.resolve("s.pem"), dir.resolve("other.key"), dir.resolve("ca.pem")).sslContext())
                .hasMessageContaining("t.key-file");
    }

    private static Certificates.Issued settlementCertificate() {
        return Certificates.issue(ca, "settlement", Certificates.LOCAL_HOSTS, NOW.minusSeconds(60), YEAR);
    }

    private static Certificates.Issued otherAuthority() {
        return Certificates.authority("someone else's CA", NOW.minusSeconds(60), YEAR);
    }

    private static ServiceClient client(SSLContext tls) {
        return new ServiceClient(url, Duration.ofSeconds(3), ErrorCode.AUTH_UNAVAILABLE, null, Clock.systemUTC(), tls);
    }

    private static void assertRefusedOverTls(ServiceClient client) {
        assertThatThrownBy(() -> client.get("/v1/hello", Map.class))
                .isInstanceOf(ContentpayException.class)
                .satisfies(e -> assertThat(((ContentpayException) e).code()).isEqualTo(ErrorCode.AUTH_UNAVAILABLE));
    }

    /** Sends a ClientHello offering at most {@code version} and reports the type of the first record back, -1 for none. */
    private static int firstRecordTypeAnswering(int version) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 2_000);
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write(clientHello(version));
            socket.getOutputStream().flush();
            try {
                return socket.getInputStream().read();
            } catch (java.net.SocketException e) {
                return -1;
            }
        }
    }

    private static byte[] clientHello(int version) throws IOException {
        var body = new ByteArrayOutputStream();
        var out = new DataOutputStream(body);
        out.writeShort(version);
        out.write(new byte[32]);
        out.writeByte(0);
        int[] suites = {0xC02B, 0xC009, 0x002F};
        out.writeShort(suites.length * 2);
        for (int s : suites) out.writeShort(s);
        out.writeByte(1);
        out.writeByte(0);
        byte[] extensions = {
                0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17,   // supported groups: secp256r1
                0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,               // EC point formats: uncompressed
                0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03};  // signature algorithms: ecdsa_secp256r1_sha256
        out.writeShort(extensions.length);
        out.write(extensions);
        byte[] hello = body.toByteArray();
        var record = new ByteArrayOutputStream();
        var r = new DataOutputStream(record);
        r.writeByte(0x16);
        r.writeShort(0x0301);
        r.writeShort(hello.length + 4);
        r.writeByte(0x01);
        r.writeByte(0);
        r.writeShort(hello.length);
        r.write(hello);
        return record.toByteArray();
    }
}
