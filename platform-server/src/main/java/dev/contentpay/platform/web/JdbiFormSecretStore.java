package dev.contentpay.platform.web;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;

import java.util.Base64;

/**
 * The form key in a one-row table of the server's own database ({@code id}, {@code secret}); each
 * server names its table, made by its own migrations (auth's {@code web_page_secret}, the shop's
 * {@code web_secret}).
 */
public final class JdbiFormSecretStore implements FormSecretStore {

    private final Database db;
    private final String table;

    public JdbiFormSecretStore(Database db, String table) {
        // The name is written into the SQL, so only a plain identifier is taken.
        if (table == null || !table.matches("[a-z][a-z_]{0,62}")) throw new IllegalArgumentException("not a table name: '" + table + "'");
        this.db = db;
        this.table = table;
    }

    @Override
    public byte[] key() {
        String secret = db.inTransaction(h -> {
            h.createUpdate("INSERT INTO " + table + " (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                    .bind("secret", Ids.randomToken(32)).execute();
            return h.createQuery("SELECT secret FROM " + table + " WHERE id = 1").mapTo(String.class).one();
        });
        return Base64.getUrlDecoder().decode(secret);
    }
}
