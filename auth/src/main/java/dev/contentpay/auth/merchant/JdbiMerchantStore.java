package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.db.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link MerchantStore} on SQLite or PostgreSQL through Jdbi; keys are kept as public JWK sets in JSON. */
public final class JdbiMerchantStore implements MerchantStore {

    /** In a row from before the roles had their own keys, the key ids of a shop's and of a settlement server's keys hold these. */
    private static final String SHOP_KEY = "-shop-";
    private static final String SETTLEMENT_KEY = "-settlement-";
    private static final String COLUMNS = "id, name, status, public_keys, seal_keys, assertion_keys, certificate_name, settlement_url, invoice_registration_number";

    private final Database db;

    public JdbiMerchantStore(Database db) {
        this.db = db;
    }

    @Override
    public void register(MerchantRegistry.Registration r, long now) {
        db.useTransaction(h -> register(h, r, now));
    }

    @Override
    public void register(Handle h, MerchantRegistry.Registration r, long now) {
        String seal = r.sealKeys().toPublicJWKSet().toString(true);
        String assertion = r.assertionKeys().toPublicJWKSet().toString(true);
        var all = new ArrayList<JWK>(r.sealKeys().toPublicJWKSet().getKeys());
        all.addAll(r.assertionKeys().toPublicJWKSet().getKeys());
        String both = new JWKSet(all).toString(true);
        h.createUpdate("""
                        INSERT INTO merchant (id, name, status, public_keys, seal_keys, assertion_keys, settlement_url, certificate_name,
                            invoice_registration_number, created_at)
                        VALUES (:id, :name, 'ACTIVE', :keys, :seal, :assertion, :url, :cert, :number, :now)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, public_keys = excluded.public_keys, seal_keys = excluded.seal_keys,
                            assertion_keys = excluded.assertion_keys, settlement_url = excluded.settlement_url,
                            certificate_name = excluded.certificate_name, invoice_registration_number = excluded.invoice_registration_number""")
                .bind("id", r.id()).bind("name", r.name()).bind("keys", both).bind("seal", seal).bind("assertion", assertion)
                .bind("url", r.settlementUrl().toString()).bind("cert", r.certificateName())
                .bind("number", r.invoiceRegistrationNumber()).bind("now", now).execute();
    }

    @Override
    public Optional<Merchant> find(String id) {
        return db.withHandle(h -> find(h, id));
    }

    @Override
    public Optional<Merchant> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM merchant WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    }

    @Override
    public List<Merchant> list(String after, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM merchant WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", after == null ? "" : after).bind("limit", limit).map(MAPPER).list());
    }

    @Override
    public boolean setActive(Handle h, String id, boolean active) {
        String to = active ? "ACTIVE" : "SUSPENDED";
        return h.createUpdate("UPDATE merchant SET status = :to WHERE id = :id AND status <> :to")
                .bind("id", id).bind("to", to).execute() == 1;
    }

    private static final RowMapper<Merchant> MAPPER = (rs, ctx) -> {
        String id = rs.getString(1);
        try {
            JWKSet before = JWKSet.parse(rs.getString(4));
            String seal = rs.getString(5);
            String assertion = rs.getString(6);
            String url = rs.getString(8);
            return new Merchant(id, rs.getString(2), "ACTIVE".equals(rs.getString(3)),
                    seal != null ? JWKSet.parse(seal) : byKeyId(before, SHOP_KEY),
                    assertion != null ? JWKSet.parse(assertion) : byKeyId(before, SETTLEMENT_KEY),
                    rs.getString(7) != null ? rs.getString(7) : id,
                    url != null ? URI.create(url) : null, rs.getString(9));
        } catch (ParseException e) {
            throw new IllegalStateException("the stored keys of merchant " + id + " are not a JWK set", e);
        }
    };

    /** In a row from before the roles had their own keys: which of its keys serve a role, by key id. */
    private static JWKSet byKeyId(JWKSet keys, String marker) {
        return new JWKSet(keys.getKeys().stream().filter(k -> k.getKeyID() != null && k.getKeyID().contains(marker)).toList());
    }
}
