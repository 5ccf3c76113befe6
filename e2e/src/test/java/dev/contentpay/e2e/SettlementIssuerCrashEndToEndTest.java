package dev.contentpay.e2e;

import dev.contentpay.app.Main;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.settlement.reconcile.ReconciliationReport;
import dev.contentpay.client.ContentpayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of invariant 5: the issuer is killed with SIGKILL while buyers keep buying, so
 * judgements, payment notices and voids are cut off wherever they happen to be, and started again.
 * Settlement's outbox then delivers everything it owes: every settlement is charged exactly once,
 * nothing the issuer charges is missing here, and the day reconciles cleanly. All four servers run
 * as their own processes, as an operator would run them.
 */
class SettlementIssuerCrashEndToEndTest {

    private static final int BUYERS = 4;

    @TempDir
    Path dir;
    final List<ServerProcess> processes = new ArrayList<>();
    /** Why purchases failed, for the message of a failed assertion. */
    final List<String> why = new CopyOnWriteArrayList<>();
    int auth, authMerchant, authAdmin, settlement, shop, bureau;

    @AfterEach
    void stop() {
        processes.forEach(ServerProcess::close);
    }

    @Test
    void killingTheIssuerMidStreamLosesNoChargeAndDoublesNone() throws Exception {
        startAll();
        var terminal = new ContentpayClient(URI.create("http://127.0.0.1:" + auth));
        var receipts = new CopyOnWriteArrayList<Receipt>();
        var running = new AtomicBoolean(true);
        var failures = new AtomicInteger();
        var buyers = new ArrayList<Thread>();
        for (int i = 0; i < BUYERS; i++) {
            buyers.add(Thread.ofVirtual().start(() -> buyUntilStopped(terminal, running, receipts, failures)));
        }

        awaitAtLeast(receipts, 4);
        processes.get(1).kill();                      // kill -9 auth, wherever it is
        TestDeployment.sleep(1_500);
        processes.set(1, ServerProcess.start(dir, "auth", dir.resolve("auth.properties")));
        int before = receipts.size();
        awaitAtLeast(receipts, before + 4);
        running.set(false);
        for (Thread t : buyers) t.join(Duration.ofSeconds(30));

        awaitOutboxDelivered();
        // What the kill cut off this time, for whoever reads the test's output.
        System.out.printf("issuer killed mid-stream: %d purchases completed, %d failed; outbox (kind, retried, count): %s%n", receipts.size(),
                failures.get(), TestDeployment.rows(data(), "settlement",
                        "SELECT kind, attempts > 1, COUNT(*) FROM outbox GROUP BY kind, attempts > 1 ORDER BY 1, 2"));
        List<List<String>> settled = TestDeployment.rows(data(), "settlement", "SELECT id FROM settlement");
        assertThat(settled).hasSizeGreaterThanOrEqualTo(receipts.size());
        List<List<String>> charges = TestDeployment.rows(data(), "auth",
                "SELECT settlement_id, COUNT(*) FROM use_entry WHERE kind = 'CHARGE' GROUP BY settlement_id");
        assertThat(charges).as("one charge per settlement, and none else").hasSameSizeAs(settled)
                .allSatisfy(row -> assertThat(row.get(1)).isEqualTo("1"));
        assertThat(charges.stream().map(r -> r.get(0)).sorted().toList())
                .containsExactlyElementsOf(settled.stream().map(r -> r.get(0)).sorted().toList());
        var operator = new dev.contentpay.settlement.operator.OperatorClient(URI.create("http://127.0.0.1:" + settlement),
                OperatorToken.read(dir.resolve("keys/settlement-admin.token")));
        for (var day : days()) {
            ReconciliationReport report = operator.reconcile(day);
            assertThat(report.clean()).as(report.toString()).isTrue();
        }
    }

    private void buyUntilStopped(ContentpayClient terminal, AtomicBoolean running, List<Receipt> receipts, AtomicInteger failures) {
        while (running.get()) {
            try {
                receipts.add(terminal.buy(URI.create("http://127.0.0.1:" + shop), "erin", "erin-password".toCharArray(), "wallpaper").receipt());
            } catch (RuntimeException e) {
                // The issuer is down or was killed mid-purchase: a refusal, a time-out or a lost connection.
                failures.incrementAndGet();
                if (why.size() < 20) why.add(e.getMessage());
                TestDeployment.sleep(100);
            }
        }
    }

    private void startAll() throws Exception {
        auth = freePort(); authMerchant = freePort(); authAdmin = freePort(); settlement = freePort(); shop = freePort(); bureau = freePort();
        cli("keys", "generate", dir.resolve("keys/auth.jwk").toString(), "--kid", "demo-issuer-1");
        cli("keys", "generate", dir.resolve("keys/shop.jwk").toString(), "--kid", "sakura-shop-1");
        cli("keys", "generate", dir.resolve("keys/settlement.jwk").toString(), "--kid", "sakura-settlement-1");
        write("bureau.properties", "http.port=" + bureau, "database.url=" + TestDeployment.url(dir.resolve("data"), "bureau"));
        write("auth.properties", "http.port=" + auth, "merchant.port=" + authMerchant, "admin.port=" + authAdmin,
                "database.url=" + TestDeployment.url(dir.resolve("data"), "auth"), "merchants=sakura", "merchant.sakura.name=Sakura Contents",
                "merchant.sakura.seal-keys-file=keys/shop.public.jwks", "merchant.sakura.assertion-keys-file=keys/settlement.public.jwks",
                "merchant.sakura.settlement-url=http://127.0.0.1:" + settlement, "bureau.url=http://127.0.0.1:" + bureau);
        write("shop.properties", "http.port=" + shop, "database.url=" + TestDeployment.url(dir.resolve("data"), "shop"), "settlement.url=http://127.0.0.1:" + settlement);
        write("settlement.properties", "http.port=" + settlement, "database.url=" + TestDeployment.url(dir.resolve("data"), "settlement"),
                "auth.merchant-url=http://127.0.0.1:" + authMerchant, "shop.url=http://127.0.0.1:" + shop,
                "auth.timeout=2s", "notice.poll-interval=100ms");
        for (String server : List.of("bureau", "auth", "shop", "settlement")) {
            processes.add(ServerProcess.start(dir, server, dir.resolve(server + ".properties")));
        }
        new OperatorClient(URI.create("http://127.0.0.1:" + authAdmin), dir.resolve("keys/auth-admin.token"))
                .send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest("erin", "Erin Endo", "erin-password", null, "prepaid",
                        Money.of(1_000_000, "JPY"), null, null));
    }

    /** Everything settlement owes the issuer is acknowledged: notices, and the voids of purchases cut off by the kill. */
    private void awaitOutboxDelivered() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
        while (Instant.now().isBefore(deadline)) {
            if (TestDeployment.rows(data(), "settlement", "SELECT COUNT(*) FROM outbox WHERE status <> 'SENT'").equals(List.of(List.of("0")))) return;
            TestDeployment.sleep(200);
        }
        throw new AssertionError("the outbox still owes the issuer: "
                + TestDeployment.rows(data(), "settlement", "SELECT kind, status, attempts, last_error FROM outbox WHERE status <> 'SENT'"));
    }

    private TreeSet<java.time.LocalDate> days() {
        var days = new TreeSet<java.time.LocalDate>();
        TestDeployment.rows(data(), "settlement", "SELECT settled_at FROM settlement")
                .forEach(r -> days.add(Instant.ofEpochMilli(Long.parseLong(r.get(0))).atZone(ZoneOffset.UTC).toLocalDate()));
        return days;
    }

    private void awaitAtLeast(List<Receipt> receipts, int n) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (receipts.size() < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + receipts.size() + " purchases completed; failures: " + why + "\nsettlement:\n"
                        + processes.get(3).output() + "\nauth:\n" + processes.get(1).output());
            }
            TestDeployment.sleep(20);
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private static void cli(String... args) {
        assertThat(Main.commandLine().execute(args)).isZero();
    }

    private void write(String name, String... lines) throws IOException {
        Files.write(dir.resolve(name), List.of(lines));
    }

    private static int freePort() throws IOException {
        return dev.contentpay.platform.http.FreePorts.pick();
    }
}
