package dev.contentpay.auth;

import dev.contentpay.platform.id.Ids;

import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.crypto.PasswordHasher;
import dev.contentpay.platform.tls.TlsFiles;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The authentication server's settings. Its two faces listen on two ports so that they can be
 * exposed to different networks: the subscriber face to terminals, the merchant face (the dedicated
 * line) only to registered merchants' settlement servers.
 */
public record AuthConfig(
        String host,
        int subscriberPort,
        int merchantPort,
        String databaseUrl,
        String issuerId,
        Path signingKeyFile,
        Path pseudonymSecretFile,
        List<MerchantSetting> merchants,
        URI bureauUrl,
        String bureauId,
        Duration bureauTimeout,
        Duration bureauCacheTtl,
        BureauFallback bureauFallback,
        Duration approvalLifetime,
        Duration noticeTimeout,
        PasswordHasher.Cost passwordCost,
        int adminPort,
        Path adminTokenFile,
        int signInMaxFailures,
        Duration signInLockDuration,
        int requestsPerMinute,
        Duration sweeperInterval,
        int pointsEarnPercent,
        Duration terminalProofWindow,
        TlsFiles merchantTls,
        TlsFiles bureauTls,
        Duration idempotencyRetention) {

    /** What auth does when the bureau cannot be asked ([0091]). */
    public enum BureauFallback { REFUSE, OWN_DATA }

    /** A merchant registered in configuration: its id, name and public keys. */
    public record MerchantSetting(String id, String name, Path keysFile) {
    }

    public static AuthConfig load(ConfigSource source) {
        var r = new ConfigReader(source);
        AuthConfig config = read(r);
        r.validate();
        return config;
    }

    /** Every setting with its default and description, for documents and {@code contentpay config auth}. */
    public static java.util.List<ConfigReader.Setting> settings() {
        var r = new ConfigReader(ConfigSource.of("auth", java.util.Map.of()));
        read(r);
        return r.settings();
    }

    private static AuthConfig read(ConfigReader r) {
        String merchantIds = r.string("merchants", "", "comma-separated ids of the merchants registered at start; each needs merchant.<id>.name and merchant.<id>.keys-file");
        var merchants = new ArrayList<MerchantSetting>();
        for (String id : Arrays.stream(merchantIds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            // Merchant ids go into VARCHAR(64) columns (merchant, approval, audit).
            r.check(Ids.isWellFormed(id) && id.length() <= 64, "merchants: each id must be 1 to 64 letters, digits, '.', '_' or '-', not '" + id + "'");
            merchants.add(new MerchantSetting(id,
                    r.required("merchant." + id + ".name", "the merchant's name shown to subscribers"),
                    Path.of(r.required("merchant." + id + ".keys-file", "the merchant's public JWK set (its shop's and settlement server's keys)"))));
        }
        var config = new AuthConfig(
                r.string("http.host", "127.0.0.1", "the address both faces listen on"),
                r.port("http.port", 8081, "the subscriber face's port (terminals); 0 picks a free one"),
                r.port("merchant.port", 8091, "the merchant face's port (the dedicated line); 0 picks a free one"),
                r.string("database.url", "jdbc:sqlite:data/auth.db", "JDBC URL of auth's database (SQLite or PostgreSQL)"),
                r.string("issuer.id", "demo-issuer", "this issuer's id: the issuer of its tokens and the audience of assertions sent to it"),
                r.path("signing.key-file", "keys/auth.jwk", "auth's private signing key (created on first start); its public set is written beside it"),
                r.path("pseudonym.secret-file", "keys/auth-pseudonym.key", "the secret that derives per-merchant pseudonyms (created on first start)"),
                List.copyOf(merchants),
                r.url("bureau.url", "http://127.0.0.1:8084", "the credit bureau's base URL"),
                r.string("bureau.id", "demo-bureau", "the bureau's id, the audience of queries sent to it"),
                r.duration("bureau.timeout", Duration.ofSeconds(2), "how long to wait for the bureau"),
                r.duration("bureau.cache-ttl", Duration.ofMinutes(10), "how long a bureau answer is reused"),
                r.choice("bureau.fallback", BureauFallback.REFUSE, "when the bureau cannot be reached: refuse, or decide on auth's own data (own-data)"),
                r.duration("approval.lifetime", Duration.ofMinutes(5), "how long an approval may wait to be presented"),
                r.duration("allowance.notice-timeout", Duration.ofMinutes(15), "how long an allowance waits for its payment notice before it may be voided"),
                new PasswordHasher.Cost(
                        r.integer("password.memory-kib", PasswordHasher.Cost.DEFAULT.memoryKiB(), "Argon2id memory cost in KiB"),
                        r.integer("password.iterations", PasswordHasher.Cost.DEFAULT.iterations(), "Argon2id iterations"),
                        1),
                r.port("admin.port", 8092, "the admin face's port (operators only); 0 picks a free one"),
                r.path("admin.token-file", "keys/auth-admin.token", "the operators' bearer token (created on first start, readable by its owner only)"),
                r.integer("sign-in.max-failures", 10, "failed password or PIN attempts on one id before it is locked"),
                r.duration("sign-in.lock-duration", Duration.ofMinutes(30), "how long an id stays locked"),
                r.integer("rate-limit.per-minute", 600, "requests per minute one source address may make on the subscriber face"),
                r.duration("sweeper.interval", Duration.ofSeconds(30), "how often expired approvals and unpaid allowances are swept"),
                r.integer("points.earn-percent", 1, "points a POINTS subscriber earns per charge, in percent of its amount"),
                r.duration("terminal.proof-window", Duration.ofMinutes(5), "how far a terminal proof's timestamp may be from auth's clock, either way; its nonce is remembered that long (docs/TERMINALS.md)"),
                TlsFiles.read(r, "merchant.tls", true, "merchants' settlement servers"),
                TlsFiles.read(r, "bureau.tls", false, "the bureau"),
                dev.contentpay.platform.http.Idempotency.retention(r));
        TlsFiles.checkClient(r, "bureau.url", config.bureauUrl(), config.bureauTls(), "bureau.tls");
        r.check(config.terminalProofWindow().compareTo(Duration.ofHours(1)) <= 0, "terminal.proof-window must be at most 1h");
        r.check(config.subscriberPort() == 0 || config.subscriberPort() != config.merchantPort(), "http.port and merchant.port must differ");
        r.check(config.passwordCost().memoryKiB() >= 8, "password.memory-kib must be at least 8");
        r.check(config.signInMaxFailures() >= 1 && config.signInMaxFailures() <= 10, "sign-in.max-failures must be between 1 and 10");
        r.check(!config.signInLockDuration().minusMinutes(30).isNegative(), "sign-in.lock-duration must be at least 30 minutes");
        r.check(config.requestsPerMinute() > 0, "rate-limit.per-minute must be positive");
        r.check(config.pointsEarnPercent() >= 0 && config.pointsEarnPercent() <= 100, "points.earn-percent must be between 0 and 100");
        return config;
    }
}
