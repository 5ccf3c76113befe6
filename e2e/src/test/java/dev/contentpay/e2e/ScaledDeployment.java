package dev.contentpay.e2e;

import dev.contentpay.app.Main;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.bureau.BureauServer;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.shop.ShopConfig;
import dev.contentpay.shop.ShopServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code instances} auth processes sharing one database and as many settlement processes sharing
 * another, started as an operator would ({@code contentpay serve auth|settlement --config FILE}),
 * each kind behind a {@link RoundRobin}; the bureau and the shop run in this JVM. Auth's faces and
 * settlement are reached only through the balancers: the shop tells buyers to settle at
 * settlement's balancer, and settlement judges through the balancer of auth's merchant faces.
 */
final class ScaledDeployment implements AutoCloseable {

    private final List<ServerProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Path dir;
    RoundRobin subscriberFace;
    RoundRobin merchantFace;
    RoundRobin settlements;
    URI shop;
    OperatorClient operator;

    private ScaledDeployment(Path dir) {
        this.dir = dir;
    }

    static ScaledDeployment start(Path dir, int instances, Map<String, String> settlementSettings) throws IOException {
        var d = new ScaledDeployment(dir);
        try {
            d.startAll(instances, settlementSettings);
            return d;
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
    }

    private void startAll(int instances, Map<String, String> settlementSettings) throws IOException {
        cli("keys", "generate", dir.resolve("keys/auth.jwk").toString(), "--kid", "demo-issuer-1");
        cli("keys", "generate", dir.resolve("keys/shop.jwk").toString(), "--kid", "sakura-shop-1");
        cli("keys", "generate", dir.resolve("keys/settlement.jwk").toString(), "--kid", "sakura-settlement-1");
        int[] auth = ports(instances), authMerchant = ports(instances), authAdmin = ports(instances), settlement = ports(instances);
        subscriberFace = closing(new RoundRobin(local(auth)));
        merchantFace = closing(new RoundRobin(local(authMerchant)));
        settlements = closing(new RoundRobin(local(settlement)));

        var bureau = closing(BureauServer.start(BureauConfig.load(ConfigSource.of("bureau", Map.of("http.port", "0",
                "database.url", TestDeployment.url(dir, "bureau"), "client.keys-file", dir.resolve("keys/auth.public.jwks").toString()))),
                Clock.systemUTC()));
        shop = closing(ShopServer.start(ShopConfig.load(ConfigSource.of("shop", Map.of("http.port", "0", "rate-limit.per-minute", "1000000",
                "database.url", TestDeployment.url(dir, "shop"), "signing.key-file", dir.resolve("keys/shop.jwk").toString(),
                "settlement.url", settlements.url().toString(), "settlement.keys-file", dir.resolve("keys/settlement.public.jwks").toString(),
                "issuer.url", subscriberFace.url().toString()))), Clock.systemUTC())).url();

        // One after the other: the first creates the files all share (pseudonym secret, operator tokens).
        for (int i = 0; i < instances; i++) {
            Path config = write("auth-" + i + ".properties", "http.port=" + auth[i], "merchant.port=" + authMerchant[i],
                    "admin.port=" + authAdmin[i], "database.url=" + TestDeployment.url(dir, "auth"), "merchants=sakura",
                    "merchant.sakura.name=Sakura Contents", "merchant.sakura.seal-keys-file=keys/shop.public.jwks", "merchant.sakura.assertion-keys-file=keys/settlement.public.jwks",
                    "merchant.sakura.settlement-url=" + settlements.url(),
                    "bureau.url=" + bureau.url(), "rate-limit.per-minute=1000000", "password.memory-kib=8", "password.iterations=1");
            processes.add(ServerProcess.start(dir, "auth", config));
        }
        for (int i = 0; i < instances; i++) {
            var lines = new ArrayList<>(List.of("http.port=" + settlement[i], "rate-limit.per-minute=1000000", "database.url=" + TestDeployment.url(dir, "settlement"),
                    "auth.merchant-url=" + merchantFace.url(), "shop.url=" + shop, "public.url=" + settlements.url()));
            settlementSettings.forEach((k, v) -> lines.add(k + "=" + v));
            processes.add(ServerProcess.start(dir, "settlement", write("settlement-" + i + ".properties", lines.toArray(String[]::new))));
        }
        operator = new OperatorClient(URI.create("http://127.0.0.1:" + authAdmin[0]), dir.resolve("keys/auth-admin.token"));
    }

    /** A subscriber with a prepaid balance (no bureau needed) and password {@code <id>-password}. */
    void register(String id, long prepaid) {
        operator.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, id, id + "-password", null, "prepaid",
                Money.of(prepaid, "JPY"), null, null));
    }

    @Override
    public void close() {
        processes.forEach(ServerProcess::close);
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // Keep closing the rest.
            }
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static void cli(String... args) {
        int exit = Main.commandLine().execute(args);
        if (exit != 0) throw new IllegalStateException("contentpay " + String.join(" ", args) + " exited with " + exit);
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }

    private static List<URI> local(int[] ports) {
        var uris = new ArrayList<URI>();
        for (int port : ports) uris.add(URI.create("http://127.0.0.1:" + port));
        return uris;
    }

    private static int[] ports(int n) {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) ports[i] = dev.contentpay.platform.http.FreePorts.pick();
        return ports;
    }
}
