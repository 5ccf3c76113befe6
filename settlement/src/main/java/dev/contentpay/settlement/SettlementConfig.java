package dev.contentpay.settlement;

import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.tls.TlsFiles;
import dev.contentpay.settlement.fault.FaultPoints;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the settling server needs to start. Every setting has a default that runs the demo on
 * one machine and a description that {@link #describe()} lists.
 *
 * @param publicUrl the base of the download links handed to buyers; {@code null} means the
 *                  server's own {@code http://host:port}
 * @param contentFolder where the verified copies of contents are kept, one file per content named
 *                      by its SHA-256; {@code null} means beside {@code signing.key-file}
 *                      ({@link #contentFolder()})
 * @param pauseAt   TEST ONLY: the fault point where a purchase hangs so a test can kill the process
 *                  there; null (the default) for none
 */
public record SettlementConfig(String host, int port, String databaseUrl, String merchantId, Path signingKeyFile,
                               URI authMerchantUrl, String authIssuerId, Path authKeysFile, Duration authTimeout,
                               URI shopUrl, Path shopKeysFile, Duration shopTimeout, Duration shopContentIdleTimeout, URI publicUrl,
                               Duration downloadLifetime, Duration linkOnlyWindow, int inlineAtMost, int noticeMaxAttempts,
                               Duration noticePollInterval, Duration abandonAfter, Duration reconcileTimeout,
                               Path adminTokenFile, FaultPoints.Point pauseAt, TlsFiles authTls,
                               dev.contentpay.platform.http.RateLimiter.Limits rateLimits, Duration idempotencyRetention,
                               Path contentFolder, Path authWebhookKeysSetting, Duration keysRetireAfter, Duration keysMaxAge,
                               dev.contentpay.platform.time.BillingZone billingZone, String invoiceRegistrationNumber,
                               dev.contentpay.platform.crypto.Environment environment,
                               dev.contentpay.platform.http.ManagementPort.Settings management) {

    public static final String SERVER = "settlement";

    /** Reads and validates the configuration; a {@code ConfigException} lists every problem at once. */
    public static SettlementConfig load(ConfigSource source) {
        var r = new ConfigReader(source);
        SettlementConfig config = read(r);
        r.check(config.merchantId() == null || (Ids.isWellFormed(config.merchantId()) && config.merchantId().length() <= 64),
                "merchant.id must be 1 to 64 letters, digits, '_', '-' or '.', not '" + config.merchantId() + "'");
        r.check(config.authIssuerId() != null && !config.authIssuerId().isBlank(), "auth.issuer-id must not be empty");
        checkDurations(r, config);
        TlsFiles.checkClient(r, "auth.merchant-url", config.authMerchantUrl(), config.authTls(), "auth.tls");
        r.validate();
        return config;
    }

    /** Every setting with its default and description, for {@code --describe-config}. */
    public static List<ConfigReader.Setting> describe() {
        var r = new ConfigReader(ConfigSource.of(SERVER, Map.of()));
        read(r);
        return r.settings();
    }

    /** Where {@code signing.key-file}'s public half is written: {@code x.jwk} becomes {@code x.public.jwks}. */
    public Path publicKeysFile() {
        return besideSigningKey(".public.jwks");
    }

    /** Where the verified copies of contents are kept: {@code content.folder}, or beside the signing key, {@code x.jwk} giving {@code x.contents}. */
    @Override
    public Path contentFolder() {
        return contentFolder != null ? contentFolder : besideSigningKey(".contents");
    }

    /** {@code signing.key-file}'s sibling whose name ends in {@code suffix} instead of {@code .jwk}. */
    private Path besideSigningKey(String suffix) {
        String name = signingKeyFile.getFileName().toString();
        String base = name.endsWith(".jwk") ? name.substring(0, name.length() - ".jwk".length()) : name;
        return signingKeyFile.resolveSibling(base + suffix);
    }

    /** The issuer's webhook keys: {@code auth.webhook-keys-file}, or {@code auth-webhook.public.jwks} beside {@code auth.keys-file} when that is empty. */
    public Path authWebhookKeysFile() {
        return authWebhookKeysSetting.toString().isEmpty() ? authKeysFile.resolveSibling("auth-webhook.public.jwks") : authWebhookKeysSetting;
    }

    /** The key id of this server's signing key, as the issuer registers it. */
    public String signingKeyId() {
        return merchantId + "-settlement-1";
    }

    private static void checkDurations(ConfigReader r, SettlementConfig c) {
        if (c.linkOnlyWindow() != null && c.downloadLifetime() != null) {
            r.check(c.linkOnlyWindow().compareTo(c.downloadLifetime()) <= 0,
                    "download.link-only-window (" + c.linkOnlyWindow() + ") must not be longer than download.lifetime (" + c.downloadLifetime() + ")");
        }
        if (c.abandonAfter() != null && c.authTimeout() != null && c.shopTimeout() != null) {
            r.check(c.abandonAfter().compareTo(c.authTimeout().plus(c.shopTimeout())) > 0,
                    "purchase.abandon-after (" + c.abandonAfter() + ") must be longer than auth.timeout plus shop.timeout, "
                            + "or purchases still running would be given up");
        }
    }

    private static SettlementConfig read(ConfigReader r) {
        return new SettlementConfig(
                r.string("http.host", "127.0.0.1", "the address the HTTP server listens on"),
                integer(r, "http.port", 8082, 0, 65535, "the HTTP port; 0 picks a free port"),
                r.string("database.url", "jdbc:sqlite:data/settlement.db", "JDBC URL of the settlement database (jdbc:sqlite: or jdbc:postgresql:)"),
                r.string("merchant.id", "sakura", "the merchant this settling server settles for, as registered with the issuer"),
                r.path("signing.key-file", "keys/settlement.jwk", "this server's private signing key (created on first start); its public set is written beside it as .public.jwks"),
                r.url("auth.merchant-url", "http://127.0.0.1:8091", "base URL of the issuer's merchant face (the dedicated line)"),
                r.string("auth.issuer-id", "demo-issuer", "the issuer's id: issuer of approvals and allowances, audience of our client assertions"),
                r.path("auth.keys-file", "keys/auth.public.jwks", "the issuer's public JWK set, to verify approvals and allowances"),
                r.duration("auth.timeout", Duration.ofSeconds(5), "how long to wait for the issuer's allowance before refusing the purchase ([0071])"),
                r.url("shop.url", "http://127.0.0.1:8083", "base URL of the merchant's online shop (catalog and contents)"),
                r.path("shop.keys-file", "keys/shop.public.jwks", "the shop's public JWK set, to open sealed purchasing information"),
                r.duration("shop.timeout", Duration.ofSeconds(10), "how long to wait for the shop's catalog or content"),
                r.duration("shop.content-idle-timeout", Duration.ofSeconds(30), "the longest the shop may send nothing while settlement fetches "
                        + "a content for its verified copy (shop.timeout bounds the wait for the answer to begin); a shop silent longer is given up on, "
                        + "no part of its bytes is kept, and the download is answered shop_unavailable, to be tried again"),
                publicUrl(r),
                r.duration("download.lifetime", Duration.ofHours(24), "how long a receipt's download link stays valid"),
                r.duration("download.link-only-window", Duration.ofMinutes(10), "how long after the receipt its link alone downloads; "
                        + "after that the buyer's approval token must come with it (header Contentpay-Approval)"),
                integer(r, "download.inline-at-most", 1024 * 1024, 0, 8 * 1024 * 1024, "the largest content, in bytes, sent in the answer to "
                        + "a purchase beside its receipt when the terminal accepts multipart/mixed (one exchange instead of two); a larger "
                        + "one is downloaded by the receipt's link; 0: never"),
                integer(r, "notice.max-attempts", 20, 1, 1000, "attempts to deliver a message to the issuer (payment notice, refund, void) "
                        + "before it goes on the dead-letter list for an operator"),
                r.duration("notice.poll-interval", Duration.ofMillis(500), "how often the outbox worker looks for messages due when nobody woke it"),
                r.duration("purchase.abandon-after", Duration.ofMinutes(2), "how long a presentation may stay unfinished (a crash between the "
                        + "issuer's allowance and our commit) before it is given up and its approval voided at the issuer"),
                r.duration("reconcile.timeout", Duration.ofSeconds(30), "how long to wait for the issuer's daily totals when reconciling"),
                r.path("admin.token-file", "keys/settlement-admin.token", "the operator token (created on first start, readable by its owner "
                        + "only); the admin API takes it as a Bearer token, the /admin page as the password of user 'operator'"),
                pauseAt(r),
                TlsFiles.read(r, "auth.tls", false, "the issuer's merchant face"),
                dev.contentpay.platform.http.RateLimiter.Limits.read(r, 600, "settlement (purchases, downloads, checkout, the event feed and the operator's API and page)"),
                dev.contentpay.platform.http.Idempotency.retention(r),
                contentFolder(r),
                r.path("auth.webhook-keys-file", "", "the issuer's public webhook JWK set, to verify the events it pushes "
                        + "(POST /v1/issuer-events); read when the first arrives; empty: auth-webhook.public.jwks beside auth.keys-file"),
                dev.contentpay.platform.crypto.KeyRing.retireAfter(r),
                dev.contentpay.platform.crypto.KeyRing.maxAge(r),
                dev.contentpay.platform.time.BillingZone.read(r, "reconciliation days, the operator page's days and receipts' days (it must be the issuer's)"),
                dev.contentpay.platform.money.ConsumptionTax.readRegistrationNumber(r, "receipts as their seller"),
                dev.contentpay.platform.crypto.Environment.read(r, "settlement server, which takes only sandbox seals, approvals, allowances and webhooks"),
                dev.contentpay.platform.http.ManagementPort.Settings.read(r));
    }

    private static Path contentFolder(ConfigReader r) {
        String raw = r.string("content.folder", "", "where the verified copies of contents are kept, one file per content named by its "
                + "SHA-256, which downloads are streamed from; empty means a folder beside signing.key-file: x.jwk gives x.contents");
        return raw == null || raw.isBlank() ? null : Path.of(raw.strip());
    }

    private static FaultPoints.Point pauseAt(ConfigReader r) {
        String raw = r.string("fault.pause-at", "", "TEST ONLY: after-allowance or after-commit makes the first purchase reaching that "
                + "point print a marker line and hang, so a test can kill -9 the process there; empty (the default) for none");
        if (raw == null || raw.isBlank()) return null;
        try {
            return FaultPoints.Point.fromSetting(raw);
        } catch (IllegalArgumentException e) {
            r.check(false, "fault.pause-at must be empty, after-allowance or after-commit, not '" + raw + "'");
            return null;
        }
    }

    /**
     * Whole numbers are read as text and parsed here because {@code ConfigReader.integer} unboxes a
     * null when the value is not a number, which would throw instead of listing the problem.
     */
    private static int integer(ConfigReader r, String key, int defaultValue, int min, int max, String description) {
        String raw = r.string(key, Integer.toString(defaultValue), description);
        try {
            int value = Integer.parseInt(raw.trim());
            r.check(value >= min && value <= max, key + " must be between " + min + " and " + max + ", not " + value);
            return value;
        } catch (NumberFormatException e) {
            r.check(false, key + " must be a whole number, not '" + raw + "'");
            return defaultValue;
        }
    }

    private static URI publicUrl(ConfigReader r) {
        String raw = r.string("public.url", "", "base URL of download links given to buyers; empty means http://<http.host>:<port>");
        if (raw == null || raw.isBlank()) return null;
        try {
            URI uri = URI.create(raw.trim());
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            r.check(http && uri.getHost() != null, "public.url must be an http or https URL, not '" + raw + "'");
            return http && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            r.check(false, "public.url must be an http or https URL, not '" + raw + "'");
            return null;
        }
    }
}
