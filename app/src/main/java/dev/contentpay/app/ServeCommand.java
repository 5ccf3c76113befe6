package dev.contentpay.app;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.auth.AuthServer;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.bureau.BureauServer;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.http.RunningServer;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.settlement.SettlementServer;
import dev.contentpay.shop.ShopConfig;
import dev.contentpay.shop.ShopServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run one server alone, configured by defaults, then the file, then CONTENTPAY_<SERVER>_<KEY> environment variables.")
final class ServeCommand implements Callable<Integer> {

    enum Server { auth, settlement, shop, bureau, store }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER", description = "one of: ${COMPLETION-CANDIDATES}")
    Server server;

    @Option(names = "--config", description = "a properties file with the server's settings")
    Path config;

    @Option(names = "--sandbox", description = "run as a sandbox server (docs/MERCHANTS.md, \"Sandbox\"): the setting sandbox = true; "
            + "its database and keys must be its own, never a live server's")
    boolean sandbox;

    @Override
    public Integer call() throws InterruptedException {
        var source = ConfigSource.load(server.name(), config);
        if (sandbox) source = sandboxed(source);
        Clock clock = Clock.systemUTC();
        RunningServer running = switch (server) {
            case auth -> AuthServer.start(AuthConfig.load(source), clock);
            case settlement -> new SettlementServer(SettlementConfig.load(source), clock).start();
            case shop -> ShopServer.start(ShopConfig.load(source), clock);
            case bureau -> BureauServer.start(BureauConfig.load(source), clock);
            // Embodiment 2: the shop and settlement in one process over one database.
            case store -> StoreServer.start(StoreServer.configs(source), clock);
        };
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "contentpay-shutdown"));
        var out = spec.commandLine().getOut();
        running.faces().forEach((name, url) -> out.println(name + ": " + url));
        out.println(server + " ready");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The settings with {@code sandbox = true}; for a store, in both its shop's and settlement's
     * sections. An environment variable that says otherwise is refused rather than obeyed: a
     * server asked for on the command line as a sandbox never starts live.
     */
    private ConfigSource sandboxed(ConfigSource source) {
        var keys = server == Server.store ? java.util.List.of("shop.sandbox", "settlement.sandbox") : java.util.List.of("sandbox");
        ConfigSource sandboxed = source;
        for (String key : keys) {
            sandboxed = sandboxed.with(key, "true");
            if (!"true".equalsIgnoreCase(sandboxed.get(key).orElse("").strip())) {
                throw new dev.contentpay.platform.config.ConfigException(java.util.List.of("--sandbox contradicts "
                        + source.environmentName(key) + "=" + sandboxed.get(key).orElse("") + ": unset it, or leave --sandbox out"));
            }
        }
        return sandboxed;
    }
}
