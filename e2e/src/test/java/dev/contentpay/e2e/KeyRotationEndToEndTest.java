package dev.contentpay.e2e;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.SignedJWT;
import dev.contentpay.app.Deployment;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.KeyRing;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation without downtime (docs/SECURITY.md, keys): while terminals buy without pause, auth's,
 * the shop's and settlement's signing keys are rotated with {@code contentpay keys rotate} against
 * the running servers. No purchase is refused; during the overlap each server publishes both key
 * ids; once {@code keys.retire-after} has passed, a token signed by a retired key is refused with the
 * code a token of an unknown key always had, and the key files hold only the new keys.
 */
class KeyRotationEndToEndTest {

    static final Duration RETIRE_AFTER = Duration.ofSeconds(8);
    static final String BUYER = "rotation-buyer";
    static final char[] PASSWORD = "rotation-buyer-password".toCharArray();

    @TempDir
    static Path dir;
    static Deployment deployment;

    @BeforeAll
    static void start() {
        String retire = RETIRE_AFTER.toSeconds() + "s";
        deployment = TestDeployment.start(dir, Map.of("auth", Map.of("keys.retire-after", retire),
                "shop", Map.of("keys.retire-after", retire), "settlement", Map.of("keys.retire-after", retire)));
        new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token")).send("POST", "/v1/admin/subscribers",
                new RegisterSubscriberRequest(BUYER, "Rotation buyer", new String(PASSWORD), "4321", "credit", Money.of(100_000_000, "JPY"),
                        "JB-40017", null));
    }

    @AfterAll
    static void stop() {
        if (deployment != null) deployment.close();
    }

    @Test
    void rotatingEveryKeyDuringARunOfPurchasesRefusesNoneAndRetiresTheOldKeys() throws Exception {
        var terminal = TestDeployment.terminal(deployment);
        URI shop = deployment.shop().url();
        OctetKeyPair oldIssuerKey = (OctetKeyPair) KeyFiles.loadOrCreate(dir.resolve("keys/auth.jwk"), "unused");
        OctetKeyPair oldShopKey = (OctetKeyPair) KeyFiles.loadOrCreate(dir.resolve("keys/shop.jwk"), "unused");
        var done = new AtomicLong();
        var refused = new ConcurrentHashMap<String, AtomicLong>();
        var running = new AtomicBoolean(true);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 3; t++) {
                pool.submit(() -> {
                    while (running.get()) {
                        try {
                            var purchase = terminal.buy(shop, BUYER, PASSWORD, "wallpaper");
                            if (purchase.content().length == 0) throw new AssertionError("no content delivered");
                            done.incrementAndGet();
                        } catch (ContentpayException e) {
                            refused.computeIfAbsent(e.code().code(), k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                });
            }
            awaitMore(done, 5);
            var auth = rotate("auth", deployment.auth().adminUrl());
            assertThat(kids(deployment.auth().url().resolve("/v1/keys"))).containsExactly(Deployment.ISSUER_ID + "-1", Deployment.ISSUER_ID + "-2");
            assertThat(auth.out()).contains(Deployment.ISSUER_ID + "-2").contains("(current)");
            awaitMore(done, 5);
            rotate("shop", deployment.shop().url());
            assertThat(kids(shop.resolve("/v1/keys"))).containsExactly(Deployment.MERCHANT_ID + "-shop-1", Deployment.MERCHANT_ID + "-shop-2");
            awaitMore(done, 5);
            rotate("settlement", deployment.settlement().url());
            assertThat(kids(deployment.settlement().url().resolve("/v1/keys")))
                    .containsExactly(Deployment.MERCHANT_ID + "-settlement-1", Deployment.MERCHANT_ID + "-settlement-2");
            var listed = Cli.run("", "keys", "list", "settlement", "--url", deployment.settlement().url().toString(),
                    "--token-file", dir.resolve("keys/settlement-admin.token").toString());
            assertThat(listed.exit()).as(listed.all()).isZero();
            assertThat(listed.out()).contains("kid").contains("retires-at").contains(Deployment.MERCHANT_ID + "-settlement-1");
            awaitMore(done, 5);
            // Past every old key's retirement (and the one-second look of the rings), purchases still go on.
            Thread.sleep(RETIRE_AFTER.plusSeconds(2).toMillis());
            awaitMore(done, 5);
            running.set(false);
        }
        assertThat(refused).as("purchases refused during the rotations").isEmpty();
        assertThat(audited("signing_key_rotated")).contains("signing key " + Deployment.ISSUER_ID + "-2 is current; "
                + Deployment.ISSUER_ID + "-1 retires at");
        assertThat(done.get()).isGreaterThanOrEqualTo(30);

        assertThat(kids(deployment.auth().url().resolve("/v1/keys"))).containsExactly(Deployment.ISSUER_ID + "-2");
        assertThat(kids(shop.resolve("/v1/keys"))).containsExactly(Deployment.MERCHANT_ID + "-shop-2");
        assertThat(kids(deployment.settlement().url().resolve("/v1/keys"))).containsExactly(Deployment.MERCHANT_ID + "-settlement-2");
        for (String file : List.of("auth", "shop", "settlement")) {
            assertThat(KeyRing.read(dir.resolve("keys/" + file + ".jwk"))).as(file + "'s key file").hasSize(1);
            assertThat(KeyFiles.readPublic(dir.resolve("keys/" + file + ".public.jwks")).getKeys()).as(file + "'s public file").hasSize(1);
        }

        // An approval signed by auth's retired key is refused at settlement as any approval of an unknown key.
        SelectResponse selection = terminal.select(shop, "wallpaper");
        ApprovalResponse genuine = terminal.approve(BUYER, PASSWORD, selection);
        ApprovalResponse byRetiredKey = new ApprovalResponse(resigned(genuine.approval(), oldIssuerKey), genuine.approvalId(), genuine.merchantId(),
                genuine.orderId(), genuine.amount(), genuine.expiresAt(), genuine.remainingAfter());
        TestDeployment.assertRefused(() -> terminal.present(selection, byRetiredKey), ErrorCode.APPROVAL_INVALID);
        // Purchasing information sealed by the shop's retired key is refused at auth.
        SelectResponse other = terminal.select(shop, "wallpaper");
        var sealedByRetiredKey = new SelectResponse(other.purchase(), resigned(other.sealed(), oldShopKey));
        TestDeployment.assertRefused(() -> terminal.approve(BUYER, PASSWORD, sealedByRetiredKey), ErrorCode.PURCHASE_INFO_INVALID);
        // The genuine approval, signed by the new key, is still good.
        assertThat(terminal.present(selection, genuine).settlementId()).isNotBlank();
    }

    @Test
    void aNewLineCertificateIsPresentedOnceReadAgainWithoutARestart() throws Exception {
        var terminal = TestDeployment.terminal(deployment);
        Path tls = dir.resolve("keys/tls");
        URI line = deployment.auth().merchantUrl();
        var before = servedSerial(line);
        var issued = Cli.run("", "keys", "certificate", tls.resolve("auth.pem").toString(), "--key", tls.resolve("auth.key").toString(),
                "--ca", tls.resolve("ca.pem").toString(), "--ca-key", tls.resolve("ca.key").toString(), "--name", "auth");
        assertThat(issued.exit()).as(issued.all()).isZero();
        var written = dev.contentpay.platform.tls.Certificates.readCertificate(tls.resolve("auth.pem")).getSerialNumber();
        assertThat(written).isNotEqualTo(before);
        assertThat(servedSerial(line)).as("read at start until asked").isEqualTo(before);

        var reloaded = Cli.run("", "keys", "rotate", "auth", "--line-certificate", "--url", deployment.auth().adminUrl().toString(),
                "--token-file", dir.resolve("keys/auth-admin.token").toString());
        assertThat(reloaded.exit()).as(reloaded.all()).isZero();
        assertThat(reloaded.out()).contains("merchant.tls").contains("bureau.tls");
        assertThat(servedSerial(line)).isEqualTo(written);
        assertThat(audited("line_certificate_reloaded")).contains("merchant.tls until");

        // Settlement's own certificate on the line, renewed the same way: purchases go on over new connections.
        issued = Cli.run("", "keys", "certificate", tls.resolve("settlement.pem").toString(), "--key", tls.resolve("settlement.key").toString(),
                "--ca", tls.resolve("ca.pem").toString(), "--ca-key", tls.resolve("ca.key").toString(), "--name", Deployment.MERCHANT_ID);
        assertThat(issued.exit()).as(issued.all()).isZero();
        reloaded = Cli.run("", "keys", "rotate", "settlement", "--line-certificate", "--url", deployment.settlement().url().toString(),
                "--token-file", dir.resolve("keys/settlement-admin.token").toString());
        assertThat(reloaded.exit()).as(reloaded.all()).isZero();
        assertThat(reloaded.out()).contains("auth.tls");
        for (int i = 0; i < 3; i++) assertThat(terminal.buy(deployment.shop().url(), BUYER, PASSWORD, "wallpaper").content()).isNotEmpty();

        // A certificate that fails the start's checks is refused, and the one presented stays.
        java.nio.file.Files.writeString(tls.resolve("auth.pem"), "not a certificate");
        var refused = Cli.run("", "keys", "rotate", "auth", "--line-certificate", "--url", deployment.auth().adminUrl().toString(),
                "--token-file", dir.resolve("keys/auth-admin.token").toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(servedSerial(line)).isEqualTo(written);
    }

    /** The serial number of the certificate the TLS server at {@code url} presents to a new connection (a new context: no resumed session). */
    static java.math.BigInteger servedSerial(URI url) throws Exception {
        var context = dev.contentpay.app.DemoCertificates.in(dir.resolve("keys")).context("settlement");
        try (var socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            socket.startHandshake();
            return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    /** The details of auth's audit events of {@code kind}, newest first. */
    static String audited(String kind) {
        return new OperatorClient(deployment.auth().adminUrl(), dir.resolve("keys/auth-admin.token")).get("/v1/admin/audit?kind=" + kind)
                .toString();
    }

    static Cli.Run rotate(String server, URI url) {
        var run = Cli.run("", "keys", "rotate", server, "--url", url.toString(), "--token-file", dir.resolve("keys/" + server + "-admin.token").toString());
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.all()).doesNotContain(tokenOf(server));
        return run;
    }

    static String tokenOf(String server) {
        try {
            return java.nio.file.Files.readString(dir.resolve("keys/" + server + "-admin.token")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitMore(AtomicLong done, long more) throws InterruptedException {
        long target = done.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (done.get() < target) {
            if (System.nanoTime() > deadline) throw new AssertionError("purchases stopped at " + done.get());
            Thread.sleep(20);
        }
    }

    static List<String> kids(URI keys) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(keys).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JWKSet.parse(response.body()).getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    /** The same header and claims, signed by {@code key}: what its holder signed before the key was retired. */
    static String resigned(String token, OctetKeyPair key) throws Exception {
        var jwt = SignedJWT.parse(token);
        return Forgery.sign(new com.nimbusds.jose.JWSHeader.Builder(jwt.getHeader()).keyID(key.getKeyID()).build(), jwt.getJWTClaimsSet(),
                TokenSigner.jwsSignerFor(key));
    }
}
