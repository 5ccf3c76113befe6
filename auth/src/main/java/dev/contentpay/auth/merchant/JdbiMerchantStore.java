package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.db.Database;

import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Optional;

/** {@link MerchantStore} on SQLite or PostgreSQL through Jdbi; keys are kept as public JWK sets in JSON. */
public final class JdbiMerchantStore implements MerchantStore {

    /** In a row from before the roles had their own keys, the key ids of a shop's and of a settlement server's keys hold these. */
    private static final String SHOP_KEY = "-shop-";
    private static final String SETTLEMENT_KEY = "-settlement-";

    private final Database db;

    public JdbiMerchantStore(Database db) {
        this.db = db;
    }

    @Override
    public void register(MerchantRegistry.Registration r, long now) {
        String seal = r.sealKeys().toPublicJWKSet().toString(true);
        String assertion = r.assertionKeys().toPublicJWKSet().toString(true);
        var all = new ArrayList<JWK>(r.sealKeys().toPublicJWKSet().getKeys());
        all.addAll(r.assertionKeys().toPublicJWKSet().getKeys());
        String both = new JWKSet(all).toString(true);
        db.useTransaction(h -> h.createUpdate("""
                        INSERT INTO merchant (id, name, status, public_keys, seal_keys, assertion_keys, settlement_url, certificate_name, created_at)
                        VALUES (:id, :name, 'ACTIVE', :keys, :seal, :assertion, :url, :cert, :now)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, public_keys = excluded.public_keys, seal_keys = excluded.seal_keys,
                            assertion_keys = excluded.assertion_keys, settlement_url = excluded.settlement_url,
                            certificate_name = excluded.certificate_name""")
                .bind("id", r.id()).bind("name", r.name()).bind("keys", both).bind("seal", seal).bind("assertion", assertion)
                .bind("url", r.settlementUrl().toString()).bind("cert", r.certificateName()).bind("now", now).execute());
    }

    @Override
    public Optional<Merchant> find(String id) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT id, name, status, public_keys, seal_keys, assertion_keys, certificate_name, settlement_url FROM merchant WHERE id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> {
                    try {
                        JWKSet before = JWKSet.parse(rs.getString(4));
                        String seal = rs.getString(5);
                        String assertion = rs.getString(6);
                        String url = rs.getString(8);
                        return new Merchant(rs.getString(1), rs.getString(2), "ACTIVE".equals(rs.getString(3)),
                                seal != null ? JWKSet.parse(seal) : byKeyId(before, SHOP_KEY),
                                assertion != null ? JWKSet.parse(assertion) : byKeyId(before, SETTLEMENT_KEY),
                                rs.getString(7) != null ? rs.getString(7) : rs.getString(1),
                                url != null ? URI.create(url) : null);
                    } catch (ParseException e) {
                        throw new IllegalStateException("the stored keys of merchant " + id + " are not a JWK set", e);
                    }
                })
                .findOne());
    }

    /** In a row from before the roles had their own keys: which of its keys serve a role, by key id. */
    private static JWKSet byKeyId(JWKSet keys, String marker) {
        return new JWKSet(keys.getKeys().stream().filter(k -> k.getKeyID() != null && k.getKeyID().contains(marker)).toList());
    }
}
