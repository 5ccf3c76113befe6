package dev.contentpay.bureau;

import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;

import java.nio.file.Path;

/** The bureau's settings: where it listens, its database, and the one client it answers (the issuer). */
public record BureauConfig(String host, int port, String databaseUrl, String bureauId, String clientId, Path clientKeysFile,
                           dev.contentpay.platform.tls.TlsFiles tls, dev.contentpay.platform.http.RateLimiter.Limits rateLimits,
                           dev.contentpay.platform.http.ManagementPort.Settings management) {

    public static BureauConfig load(ConfigSource source) {
        var r = new ConfigReader(source);
        BureauConfig config = read(r);
        r.validate();
        return config;
    }

    /** Every setting with its default and description. */
    public static java.util.List<ConfigReader.Setting> settings() {
        var r = new ConfigReader(ConfigSource.of("bureau", java.util.Map.of()));
        read(r);
        return r.settings();
    }

    private static BureauConfig read(ConfigReader r) {
        return new BureauConfig(
                r.string("http.host", "127.0.0.1", "the address to listen on"),
                r.port("http.port", 8084, "the port to listen on; 0 picks a free one"),
                r.string("database.url", "jdbc:sqlite:data/bureau.db", "JDBC URL of the bureau's database (SQLite or PostgreSQL)"),
                r.string("bureau.id", "demo-bureau", "the bureau's name, the audience of its clients' assertions"),
                r.string("client.id", "demo-issuer", "the issuer allowed to query reports"),
                r.path("client.keys-file", "keys/auth.public.jwks", "the issuer's public JWK set, which signs its queries"),
                dev.contentpay.platform.tls.TlsFiles.read(r, "tls", true, "the issuer"),
                // Its one client, the issuer, caches reports: a tenth of this is already a busy issuer.
                dev.contentpay.platform.http.RateLimiter.Limits.read(r, 6000, "the bureau"),
                dev.contentpay.platform.http.ManagementPort.Settings.read(r));
    }
}
