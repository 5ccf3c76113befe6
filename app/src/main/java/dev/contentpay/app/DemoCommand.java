package dev.contentpay.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run auth, the bureau and two merchants' shops and settlement servers in one JVM on localhost with the demo data, until interrupted.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "data", description = "the folder for the databases and keys (default: ./data)")
    Path data;

    @Option(names = "--combined", description = "run the shop and settlement as one store over one database (embodiment 2), as `serve store` does")
    boolean combined;

    @Override
    public Integer call() throws InterruptedException {
        var out = spec.commandLine().getOut();
        // The environment is read as `serve` reads it: every setting, the ports too, takes effect here.
        var deployment = Deployment.start(data, Deployment.Ports.standard(), Clock.systemUTC(), Map.of(), combined, System.getenv());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deployment.close();
            stopped.countDown();
        }, "contentpay-demo-shutdown"));
        out.println("bureau: " + deployment.bureau().url());
        out.println("auth: " + deployment.auth().url());
        out.println("shop: " + deployment.shop().url());
        out.println("settlement: " + deployment.settlement().url());
        deployment.secondMerchant().ifPresent(m -> {
            out.println(Deployment.SECOND_MERCHANT_ID + " shop: " + m.shop().url());
            out.println(Deployment.SECOND_MERCHANT_ID + " settlement: " + m.settlement().url());
        });
        deployment.store().ifPresent(s -> out.println("(each merchant's shop and settlement run as one store over one database: "
                + data.resolve("store.db").toAbsolutePath() + ", " + data.resolve(Deployment.SECOND_MERCHANT_ID + "-store.db").toAbsolutePath() + ")"));
        out.println();
        out.println("auth's merchant face (the dedicated line, settlement servers only): " + deployment.auth().merchantUrl());
        out.println("data: " + data.toAbsolutePath());
        out.println();
        out.println("Demo subscribers; each password is <name>-demo-pass, each PIN " + DemoData.PIN + ":");
        for (var s : DemoData.SUBSCRIBERS) {
            out.printf("  %-6s password %-16s %s%n", s.id(), s.password(), s.about());
        }
        out.println();
        out.println("Merchants: " + Deployment.MERCHANT_NAME + " (" + Deployment.MERCHANT_ID + ") at " + deployment.shop().url()
                + deployment.secondMerchant().map(m -> ", " + Deployment.SECOND_MERCHANT_NAME + " (" + Deployment.SECOND_MERCHANT_ID + ") at "
                + m.shop().url()).orElse("") + "; each knows a buyer by its own pseudonym.");
        out.println("Try: ./contentpay buy --shop " + deployment.shop().url() + " --user alice wallpaper");
        deployment.secondMerchant().ifPresent(m -> out.println("and: ./contentpay buy --shop " + m.shop().url() + " --user alice chime"));
        out.println(" or: ./contentpay enroll --auth " + deployment.auth().url() + " --user alice, then ./contentpay buy --terminal --shop " + deployment.shop().url() + " video (PIN " + DemoData.PIN + " above 1,000 JPY)");
        out.println(" or open " + deployment.shop().url() + "/ in a browser.");
        out.println("Operators: ./contentpay admin ... (token " + data.resolve("keys/auth-admin.token") + "); the merchant's page "
                + deployment.settlement().url() + "/admin (user operator, password in " + data.resolve("keys/settlement-admin.token") + ")");
        out.println("contentpay demo ready");
        out.flush();
        stopped.await();
        return 0;
    }
}
