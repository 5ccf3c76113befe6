package dev.contentpay.e2e;

import dev.contentpay.app.Main;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.contentpay.e2e.TestDeployment.assertRefused;
import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each server runnable alone: four JVMs started with {@code contentpay serve NAME --config FILE},
 * keys made with {@code contentpay keys}, exactly as an operator would, and a purchase across them.
 */
class SeparateProcessesEndToEndTest {

    @TempDir
    Path dir;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroy);
    }

    @Test
    void theFourServersRunAsSeparateProcessesFromTheirConfigurationFiles() throws Exception {
        int auth = freePort(), authMerchant = freePort(), authAdmin = freePort(), settlement = freePort(), shop = freePort(), bureau = freePort();
        cli("keys", "generate", dir.resolve("keys/auth.jwk").toString(), "--kid", "demo-issuer-1");
        cli("keys", "generate", dir.resolve("keys/shop.jwk").toString(), "--kid", "sakura-shop-1");
        cli("keys", "generate", dir.resolve("keys/settlement.jwk").toString(), "--kid", "sakura-settlement-1");

        // The dedicated lines are mutual TLS, with an authority and certificates made by the same command.
        cli("keys", "ca", dir.resolve("keys/tls/ca.pem").toString(), "--key", dir.resolve("keys/tls/ca.key").toString());
        for (String server : List.of("auth", "bureau", "settlement")) {
            cli("keys", "certificate", dir.resolve("keys/tls/" + server + ".pem").toString(), "--key", dir.resolve("keys/tls/" + server + ".key").toString(),
                    "--ca", dir.resolve("keys/tls/ca.pem").toString(), "--ca-key", dir.resolve("keys/tls/ca.key").toString(),
                    // Settlement's certificate names the merchant it settles for, as auth requires.
                    "--name", server.equals("settlement") ? "sakura" : server);
        }

        write("bureau.properties", "http.port=" + bureau, "database.url=" + TestDeployment.url(dir.resolve("data"), "bureau"), tls("tls", "bureau"));
        write("auth.properties", "http.port=" + auth, "merchant.port=" + authMerchant, "admin.port=" + authAdmin,
                "database.url=" + TestDeployment.url(dir.resolve("data"), "auth"), "merchants=sakura", "merchant.sakura.name=Sakura Contents",
                "merchant.sakura.seal-keys-file=keys/shop.public.jwks", "merchant.sakura.assertion-keys-file=keys/settlement.public.jwks",
                "merchant.sakura.settlement-url=http://127.0.0.1:" + settlement, "bureau.url=https://127.0.0.1:" + bureau,
                tls("merchant.tls", "auth"), tls("bureau.tls", "auth"));
        write("shop.properties", "http.port=" + shop, "database.url=" + TestDeployment.url(dir.resolve("data"), "shop"), "settlement.url=http://127.0.0.1:" + settlement);
        write("settlement.properties", "http.port=" + settlement, "database.url=" + TestDeployment.url(dir.resolve("data"), "settlement"),
                "auth.merchant-url=https://127.0.0.1:" + authMerchant, "shop.url=http://127.0.0.1:" + shop, tls("auth.tls", "settlement"));

        var ready = new ArrayList<CompletableFuture<String>>();
        for (String server : List.of("bureau", "auth", "shop", "settlement")) ready.add(serve(server));
        for (var r : ready) assertThat(r.get(60, TimeUnit.SECONDS)).endsWith("ready");

        // The demo's subscribers are loaded by the demo alone; an operator registers one here.
        var operator = new dev.contentpay.app.operator.OperatorClient(URI.create("http://127.0.0.1:" + authAdmin), dir.resolve("keys/auth-admin.token"));
        operator.send("POST", "/v1/admin/subscribers", new dev.contentpay.protocol.admin.RegisterSubscriberRequest("erin", "Erin Endo",
                "erin-password", null, "prepaid", dev.contentpay.platform.money.Money.of(1_000, "JPY"), null, null));
        var terminal = new ContentpayClient(URI.create("http://127.0.0.1:" + auth));
        var purchase = terminal.buy(URI.create("http://127.0.0.1:" + shop), "erin", "erin-password".toCharArray(), "ebook");
        assertThat(purchase.receipt().amount().amount()).isEqualTo(800);
        assertRefused(() -> terminal.buy(URI.create("http://127.0.0.1:" + shop), "erin", "erin-password".toCharArray(), "game"), ErrorCode.LIMIT_EXCEEDED);
        assertRefused(() -> terminal.buy(URI.create("http://127.0.0.1:" + shop), "alice", password("alice"), "game"), ErrorCode.BAD_CREDENTIALS);
    }

    /** The three lines that put a server's certificate on a dedicated line. */
    private static String tls(String prefix, String server) {
        return prefix + ".cert-file=keys/tls/" + server + ".pem\n" + prefix + ".key-file=keys/tls/" + server + ".key\n"
                + prefix + ".ca-file=keys/tls/ca.pem";
    }

    private void cli(String... args) {
        assertThat(Main.commandLine().execute(args)).isZero();
    }

    private void write(String name, String... lines) throws IOException {
        Files.write(dir.resolve(name), List.of(lines));
    }

    /** Starts {@code contentpay serve NAME} in the data folder; completes with its "NAME ready" line. */
    private CompletableFuture<String> serve(String server) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", server, "--config", server + ".properties")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        processes.add(process);
        var ready = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (var out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                var seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.equals(server + " ready")) ready.complete(line);
                }
                ready.completeExceptionally(new IllegalStateException(server + " stopped before it was ready:\n" + seen));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        return ready;
    }

    private static int freePort() throws IOException {
        return dev.contentpay.platform.http.FreePorts.pick();
    }
}
