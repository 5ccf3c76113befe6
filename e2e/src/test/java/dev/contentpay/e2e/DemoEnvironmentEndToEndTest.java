package dev.contentpay.e2e;

import dev.contentpay.platform.http.FreePorts;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.PinPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code contentpay demo} as its own process, configured by the environment alone, as an operator
 * would run it: every documented setting takes effect as it does in {@code serve} (issue 13, item
 * 12), the ports too, and the servers still find each other on the ports the environment gives.
 */
class DemoEnvironmentEndToEndTest {

    @TempDir
    static Path dir;
    static ServerProcess demo;
    static URI auth;
    static URI shop;

    @BeforeAll
    static void start() throws Exception {
        var environment = new HashMap<String, String>();
        var ports = Map.of("AUTH_HTTP_PORT", FreePorts.pick(), "AUTH_MERCHANT_PORT", FreePorts.pick(), "AUTH_ADMIN_PORT", FreePorts.pick(),
                "SETTLEMENT_HTTP_PORT", FreePorts.pick(), "SHOP_HTTP_PORT", FreePorts.pick(), "BUREAU_HTTP_PORT", FreePorts.pick());
        ports.forEach((name, port) -> environment.put("CONTENTPAY_" + name, Integer.toString(port)));
        // The second merchant's servers too, so that nothing listens on the demo's standard ports.
        for (String name : List.of("MOMIJI_SETTLEMENT_HTTP_PORT", "MOMIJI_SHOP_HTTP_PORT")) {
            environment.put("CONTENTPAY_" + name, Integer.toString(FreePorts.pick()));
        }
        // Each server's database as the test-wide switch wants it (SQLite files in the data folder, or PostgreSQL).
        for (String server : List.of("auth", "settlement", "shop", "bureau", "momiji_settlement", "momiji_shop")) {
            environment.put("CONTENTPAY_" + server.toUpperCase() + "_DATABASE_URL", TestDeployment.url(dir.resolve("data"), server));
        }
        environment.put("CONTENTPAY_AUTH_APPROVAL_LIFETIME", "PT1M");
        environment.put("CONTENTPAY_SETTLEMENT_DOWNLOAD_LIFETIME", "PT2H");
        demo = ServerProcess.startDemo(dir, dir.resolve("data"), environment);
        auth = URI.create("http://127.0.0.1:" + ports.get("AUTH_HTTP_PORT"));
        shop = URI.create("http://127.0.0.1:" + ports.get("SHOP_HTTP_PORT"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) demo.close();
    }

    @Test
    void theApprovalLifetimeFromTheEnvironmentTakesEffectInTheDemo() {
        var terminal = new ContentpayClient(auth);
        SelectResponse selection = terminal.select(shop, "wallpaper");
        Instant before = Instant.now();

        var approval = terminal.approve("alice", "alice-demo-pass".toCharArray(), selection);

        assertThat(Duration.between(before, approval.expiresAt())).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(70));
    }

    @Test
    void theDownloadLifetimeFromTheEnvironmentTakesEffectInTheDemoAcrossItsServers() {
        var terminal = new ContentpayClient(auth);
        Instant before = Instant.now();

        var purchase = terminal.buy(shop, "alice", "alice-demo-pass".toCharArray(), "ringtone", PinPrompt.NONE);

        assertThat(Duration.between(before, purchase.receipt().downloadExpiresAt())).isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
        assertThat(terminal.download(purchase.receipt())).isNotEmpty();
    }
}
