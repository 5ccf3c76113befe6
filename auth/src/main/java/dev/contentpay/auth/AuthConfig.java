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
        dev.contentpay.platform.http.RateLimiter.Limits rateLimits,
        Duration sweeperInterval,
        int pointsEarnPercent,
        Duration terminalProofWindow,
        TlsFiles merchantTls,
        TlsFiles bureauTls,
        int pinMaxFailures,
        Duration pinLockDuration,
        int passwordMaxWaiting,
        long pinDefaultAmount,
        Duration idempotencyRetention,
        Path webhookKeySetting,
        Duration webhookPollInterval,
        Duration webhookTimeout,
        Duration keysRetireAfter,
        Duration keysMaxAge,
        dev.contentpay.platform.time.BillingZone billingZone,
        String invoiceRegistrationNumber,
        dev.contentpay.platform.crypto.Environment environment,
        Duration sandboxFaultDelay,
        dev.contentpay.platform.http.ManagementPort.Settings management) {

    /** The webhook key's file: {@code webhook.key-file}, or {@code auth-webhook.jwk} beside the signing key when that is empty. */
    public Path webhookKeyFile() {
        return webhookKeySetting.toString().isEmpty() ? signingKeyFile.resolveSibling("auth-webhook.jwk") : webhookKeySetting;
    }

    /** What auth does when the bureau cannot be asked ([0091]). */
    public enum BureauFallback { REFUSE, OWN_DATA }

    /**
     * A merchant registered in configuration: its id, name, the public keys of its two roles (the
     * shop's, which seal purchasing information, and its settlement server's, which sign assertions
     * on the dedicated line), where its buyers settle, and the name its settlement server's client
     * certificate carries, and its qualified invoice registration number where known (empty when not).
     */
    public record MerchantSetting(String id, String name, Path sealKeysFile, Path assertionKeysFile, URI settlementUrl,
                                  String certificateName, String registrationNumber) {
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
        String merchantIds = r.string("merchants", "", "comma-separated ids of the merchants registered at start; each needs merchant.<id>.name, "
                + "merchant.<id>.seal-keys-file, merchant.<id>.assertion-keys-file and merchant.<id>.settlement-url");
        var merchants = new ArrayList<MerchantSetting>();
        for (String id : Arrays.stream(merchantIds.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            String prefix = "merchant." + id + ".";
            // Merchant ids go into VARCHAR(64) columns (merchant, approval, audit).
            r.check(Ids.isWellFormed(id) && id.length() <= 64, "merchants: each id must be 1 to 64 letters, digits, '.', '_' or '-', not '" + id + "'");
            r.retired(prefix + "keys-file", "a merchant's two roles have their own keys: set " + prefix + "seal-keys-file (its shop's public JWK set) and "
                    + prefix + "assertion-keys-file (its settlement server's), which must share no key");
            String name = r.required(prefix + "name", "the merchant's name shown to subscribers");
            String sealKeys = r.required(prefix + "seal-keys-file", "the public JWK set of the merchant's shop, which seals purchasing information; nothing else is accepted from it");
            String assertionKeys = r.required(prefix + "assertion-keys-file", "the public JWK set of the merchant's settlement server, which signs its assertions on the dedicated line; "
                    + "it must share no key with the seal keys");
            String settlementUrl = r.required(prefix + "settlement-url", "the merchant's settlement server, where its buyers settle: a seal naming another settleAt is refused");
            URI settlement = null;
            if (settlementUrl != null) {
                try {
                    settlement = URI.create(settlementUrl.trim());
                    if (!"http".equals(settlement.getScheme()) && !"https".equals(settlement.getScheme()) || settlement.getHost() == null) settlement = null;
                } catch (IllegalArgumentException e) {
                    settlement = null;
                }
                r.check(settlement != null, prefix + "settlement-url must be a http or https URL, not '" + settlementUrl + "'");
            }
            String certificateName = r.string(prefix + "certificate-name", id, "the name (subject CN or a subject alternative name) of the client certificate "
                    + "the merchant's settlement server presents on the dedicated line; a certificate naming another party is refused");
            String registrationNumber = r.string(prefix + "invoice-registration-number", "", "the merchant's qualified invoice registration number "
                    + "(T and 13 digits), stated beside its lines on monthly statements; empty: not known").trim();
            r.check(registrationNumber.isEmpty() || dev.contentpay.platform.money.ConsumptionTax.isRegistrationNumber(registrationNumber),
                    prefix + "invoice-registration-number must be T and 13 digits, not '" + registrationNumber + "'");
            merchants.add(new MerchantSetting(id, name, sealKeys == null ? null : Path.of(sealKeys), assertionKeys == null ? null : Path.of(assertionKeys),
                    settlement, certificateName, registrationNumber));
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
                r.integer("sign-in.max-failures", 10, "failed passwords on one typed id before it is locked"),
                r.duration("sign-in.lock-duration", Duration.ofMinutes(30), "how long an id stays locked"),
                dev.contentpay.platform.http.RateLimiter.Limits.read(r, 600, "the subscriber face (its API and pages)"),
                r.duration("sweeper.interval", Duration.ofSeconds(30), "how often expired approvals and unpaid allowances are swept"),
                r.integer("points.earn-percent", 1, "points a POINTS subscriber earns per charge, in percent of its amount"),
                r.duration("terminal.proof-window", Duration.ofMinutes(5), "how far a terminal proof's timestamp may be from auth's clock, either way; its nonce is remembered that long (docs/TERMINALS.md)"),
                TlsFiles.read(r, "merchant.tls", true, "merchants' settlement servers"),
                TlsFiles.read(r, "bureau.tls", false, "the bureau"),
                r.integer("pin.max-failures", 5, "wrong PINs on one subscriber before PIN use is locked (counted apart from passwords; a right password never resets it)"),
                r.duration("pin.lock-duration", Duration.ofHours(1), "how long PIN use stays locked, unless the subscriber unlocks it with the password"),
                r.integer("password.max-waiting", PasswordHasher.DEFAULT_MAX_WAITING, "Argon2id checks that may wait for a core; beyond, a sign-in is refused at once with server_busy (503, Retry-After: 1)"),
                r.longValue("pin.default-amount", dev.contentpay.auth.admin.AdminService.DEFAULT_PIN_AMOUNT, "the PIN amount of a subscriber registered with a PIN and no amount of their own, in minor units of their currency (1000: 1,000 JPY); the PIN is asked again above it"),
                dev.contentpay.platform.http.Idempotency.retention(r),
                r.path("webhook.key-file", "", "auth's private key that signs the webhooks sent to merchants, and nothing else "
                        + "(created on first start); its public set, which merchants verify with, is written beside it; empty: auth-webhook.jwk beside signing.key-file"),
                r.duration("webhook.poll-interval", Duration.ofSeconds(1), "how often the webhook worker looks for deliveries due when nobody woke it"),
                r.duration("webhook.timeout", Duration.ofSeconds(10), "how long to wait for a merchant's answer to a webhook before trying again later"),
                dev.contentpay.platform.crypto.KeyRing.retireAfter(r),
                dev.contentpay.platform.crypto.KeyRing.maxAge(r),
                dev.contentpay.platform.time.BillingZone.read(r, "monthly limits, statement months and merchants' daily totals"),
                dev.contentpay.platform.money.ConsumptionTax.readRegistrationNumber(r, "monthly statements as the bill's issuer"),
                dev.contentpay.platform.crypto.Environment.read(r, "issuer, which takes only sandbox seals and approvals, where test subscribers buy "
                        + "without a credit check and faults can be asked for"),
                r.duration("sandbox.fault-delay", Duration.ofSeconds(5), "sandbox only: how long delay-webhooks and delay-notices hold a "
                        + "webhook or a notice's answer, unless the merchant's fault setting says"),
                dev.contentpay.platform.http.ManagementPort.Settings.read(r));
        r.check(config.signingKeyFile() == null || config.webhookKeySetting() == null || !config.webhookKeyFile().equals(config.signingKeyFile()),
                "webhook.key-file must not be signing.key-file: the webhook key signs webhooks and nothing else");
        TlsFiles.checkClient(r, "bureau.url", config.bureauUrl(), config.bureauTls(), "bureau.tls");
        r.check(config.terminalProofWindow().compareTo(Duration.ofHours(1)) <= 0, "terminal.proof-window must be at most 1h");
        r.check(config.subscriberPort() == 0 || config.subscriberPort() != config.merchantPort(), "http.port and merchant.port must differ");
        r.check(config.passwordCost().memoryKiB() >= 8, "password.memory-kib must be at least 8");
        r.check(config.signInMaxFailures() >= 1 && config.signInMaxFailures() <= 10, "sign-in.max-failures must be between 1 and 10");
        r.check(config.pinMaxFailures() >= 1 && config.pinMaxFailures() <= 5, "pin.max-failures must be between 1 and 5 (a PIN has 10,000 values)");
        r.check(!config.pinLockDuration().minusMinutes(30).isNegative(), "pin.lock-duration must be at least 30 minutes");
        r.check(config.passwordMaxWaiting() >= 1, "password.max-waiting must be at least 1");
        r.check(config.pinDefaultAmount() >= 0, "pin.default-amount must be zero or more");
        r.check(!config.signInLockDuration().minusMinutes(30).isNegative(), "sign-in.lock-duration must be at least 30 minutes");
        r.check(config.pointsEarnPercent() >= 0 && config.pointsEarnPercent() <= 100, "points.earn-percent must be between 0 and 100");
        return config;
    }
}
