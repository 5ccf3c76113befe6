package dev.contentpay.app.doctor;

import dev.contentpay.auth.AuthConfig;
import dev.contentpay.bureau.BureauConfig;
import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.tls.TlsFiles;
import dev.contentpay.settlement.SettlementConfig;
import dev.contentpay.shop.ShopConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code contentpay doctor auth=auth.properties settlement=settlement.properties ...}: checks each
 * server's configuration, keys, database and the servers it depends on, and says in plain
 * sentences what is wrong. It changes nothing. Exit status 1 when anything failed.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check servers' configuration, keys, databases and connectivity; give SERVER=FILE for each (auth, settlement, shop, bureau).")
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SERVER=FILE", description = "a server and its configuration file, for example auth=auth.properties")
    Map<String, Path> servers;

    @Override
    public Integer call() {
        var d = new Diagnosis();
        servers.forEach((server, file) -> examine(d, server, file));
        var out = spec.commandLine().getOut();
        for (var f : d.findings()) {
            out.printf("%-4s %s: %s%n", f.level() == Diagnosis.Level.OK ? "ok" : f.level().name(), f.server(), f.sentence());
        }
        out.println(d.healthy() ? "Nothing is wrong." : "Something is wrong: see the FAIL lines above.");
        out.flush();
        return d.healthy() ? 0 : 1;
    }

    static void examine(Diagnosis d, String server, Path file) {
        var source = ConfigSource.load(server, file);
        try {
            switch (server) {
                case "auth" -> auth(d, AuthConfig.load(source));
                case "settlement" -> settlement(d, SettlementConfig.load(source));
                case "shop" -> shop(d, ShopConfig.load(source));
                case "bureau" -> bureau(d, BureauConfig.load(source));
                default -> d.fail(server, "is not a server; give auth, settlement, shop or bureau.");
            }
        } catch (ConfigException e) {
            e.problems().forEach(p -> d.fail(server, "its configuration " + file + ": " + p + "."));
        }
    }

    /** Both roles' key files of a merchant, and that they share no key: a shop's key must not sign the settlement server's assertions. */
    private static void merchantKeys(Diagnosis d, AuthConfig.MerchantSetting m) {
        String prefix = "merchant." + m.id() + ".";
        boolean seal = Checks.publicKeys(d, "auth", prefix + "seal-keys-file", m.sealKeysFile());
        boolean assertion = Checks.publicKeys(d, "auth", prefix + "assertion-keys-file", m.assertionKeysFile());
        if (!seal || !assertion) return;
        var sealKeys = dev.contentpay.platform.crypto.KeyFiles.readPublic(m.sealKeysFile());
        var assertionKeys = dev.contentpay.platform.crypto.KeyFiles.readPublic(m.assertionKeysFile());
        if (dev.contentpay.auth.merchant.MerchantRegistry.shareAKey(sealKeys, assertionKeys)) {
            d.fail("auth", prefix + "seal-keys-file and " + prefix + "assertion-keys-file share a key; the shop and the settlement server must each have their own.");
        } else {
            d.ok("auth", "merchant " + m.id() + "'s shop and settlement server have their own keys.");
        }
    }

    private static void auth(Diagnosis d, AuthConfig c) {
        d.ok("auth", "its configuration is valid.");
        Checks.privateKey(d, "auth", "signing.key-file", c.signingKeyFile());
        Checks.keyAges(d, "auth", "signing.key-file", c.signingKeyFile(), c.keysMaxAge());
        Checks.secretFile(d, "auth", "the idempotency key beside signing.key-file", dev.contentpay.platform.http.Idempotency.keyFileBeside(c.signingKeyFile()));
        Checks.secretFile(d, "auth", "the line key secret beside signing.key-file", dev.contentpay.auth.merchant.LineKeys.fileBeside(c.signingKeyFile()));
        Checks.secretFile(d, "auth", "pseudonym.secret-file", c.pseudonymSecretFile());
        if (java.nio.file.Files.isRegularFile(c.pseudonymSecretFile())) {
            d.ok("auth", "pseudonym.secret-file is stable by design and is never rotated: a new secret would give every subscriber a new "
                    + "pseudonym at every merchant, cutting them off their purchases and downloads (docs/SECURITY.md).");
        }
        Checks.secretFile(d, "auth", "admin.token-file", c.adminTokenFile());
        c.merchants().forEach(m -> merchantKeys(d, m));
        if (c.merchants().isEmpty()) d.warn("auth", "no merchant is registered in its configuration (merchants=...).");
        Checks.database(d, "auth", c.databaseUrl(), "auth");
        line(d, "auth", c.merchantTls(), "merchant.tls", "its merchant face (the dedicated line)");
        line(d, "auth", c.bureauTls(), "bureau.tls", "its line to the bureau");
        if (c.bureauFallback() == AuthConfig.BureauFallback.REFUSE) {
            Checks.reachable(d, "auth", "the bureau it needs", c.bureauUrl(), Checks.context(c.bureauTls()));
        }
        else d.ok("auth", "decides on its own data when the bureau is down (bureau.fallback=own-data).");
    }

    private static void settlement(Diagnosis d, SettlementConfig c) {
        d.ok("settlement", "its configuration is valid.");
        Checks.privateKey(d, "settlement", "signing.key-file", c.signingKeyFile());
        Checks.keyAges(d, "settlement", "signing.key-file", c.signingKeyFile(), c.keysMaxAge());
        Checks.secretFile(d, "settlement", "the idempotency key beside signing.key-file", dev.contentpay.platform.http.Idempotency.keyFileBeside(c.signingKeyFile()));
        Checks.publicKeys(d, "settlement", "auth.keys-file", c.authKeysFile());
        Checks.publicKeys(d, "settlement", "shop.keys-file", c.shopKeysFile());
        Checks.database(d, "settlement", c.databaseUrl(), "settlement");
        line(d, "settlement", c.authTls(), "auth.tls", "its line to auth's merchant face");
        Checks.reachable(d, "settlement", "auth's merchant face", c.authMerchantUrl(), Checks.context(c.authTls()));
        Checks.reachable(d, "settlement", "the shop", c.shopUrl());
    }

    private static void shop(Diagnosis d, ShopConfig c) {
        d.ok("shop", "its configuration is valid.");
        Checks.privateKey(d, "shop", "signing.key-file", c.signingKeyFile());
        Checks.keyAges(d, "shop", "signing.key-file", c.signingKeyFile(), c.keysMaxAge());
        Checks.secretFile(d, "shop", "the idempotency key beside signing.key-file", dev.contentpay.platform.http.Idempotency.keyFileBeside(c.signingKeyFile()));
        Checks.publicKeys(d, "shop", "settlement.keys-file", c.settlementKeysFile());
        Checks.database(d, "shop", c.databaseUrl(), "shop");
        Checks.reachable(d, "shop", "the settlement server", c.settlementUrl());
    }

    private static void bureau(Diagnosis d, BureauConfig c) {
        d.ok("bureau", "its configuration is valid.");
        Checks.publicKeys(d, "bureau", "client.keys-file", c.clientKeysFile());
        line(d, "bureau", c.tls(), "tls", "its face to the issuer");
        Checks.database(d, "bureau", c.databaseUrl(), "bureau");
    }

    /** A dedicated line's certificates, or a warning that the line is plain HTTP. */
    private static void line(Diagnosis d, String server, TlsFiles tls, String prefix, String what) {
        if (tls != null) Checks.certificates(d, server, tls);
        else d.warn(server, prefix + ".* is not set: " + what + " is plain HTTP without client certificates, so keep it on a private network.");
    }
}
