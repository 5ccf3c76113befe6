package dev.contentpay.auth.merchant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.github.benmanes.caffeine.cache.Cache;
import dev.contentpay.platform.cache.Caches;
import dev.contentpay.platform.db.Database;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;

/**
 * The merchants allowed to sell through this issuer. Lookups are on every approval and every call
 * on the dedicated line, so they are cached; the database stays the truth. Entries are kept for
 * {@link #CACHE_TTL} only: another auth instance on the same database may register, rotate the keys
 * of, or suspend a merchant, and this instance must see it soon without a restart.
 */
public final class MerchantRegistry {

    private final Database db;
    private final Clock clock;
    /** How long a lookup is reused, here or after a change made through another instance. */
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(30);

    /** The most merchants kept; the least used go first. */
    static final long MAX_MERCHANTS = 10_000;

    private final Cache<String, Optional<Merchant>> cache;

    public MerchantRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.cache = Caches.expiring(clock, CACHE_TTL, MAX_MERCHANTS);
    }

    /**
     * What registers a merchant: its name, its shop's public keys (seals), its settlement server's
     * (assertions), where its buyers settle and the name on its settlement server's certificate.
     */
    public record Registration(String id, String name, JWKSet sealKeys, JWKSet assertionKeys, URI settlementUrl, String certificateName) {
        public Registration {
            if (id == null || id.isBlank() || name == null || name.isBlank()) throw new IllegalArgumentException("a merchant needs an id and a name");
            if (sealKeys == null || sealKeys.getKeys().isEmpty()) throw new IllegalArgumentException("merchant " + id + " needs at least one seal key (its shop's)");
            if (assertionKeys == null || assertionKeys.getKeys().isEmpty()) {
                throw new IllegalArgumentException("merchant " + id + " needs at least one assertion key (its settlement server's)");
            }
            if (settlementUrl == null) throw new IllegalArgumentException("merchant " + id + " needs its settlement URL");
            if (certificateName == null || certificateName.isBlank()) certificateName = id;
            if (shareAKey(sealKeys, assertionKeys)) {
                throw new IllegalArgumentException("merchant " + id + " uses one key both to seal purchasing information and to sign assertions: "
                        + "its shop and its settlement server must each have their own keys");
            }
        }

        /** The same registration under another settlement URL. */
        public Registration settlingAt(URI url) {
            return new Registration(id, name, sealKeys, assertionKeys, url, certificateName);
        }
    }

    /** Registers the merchant, or replaces its name, keys, settlement URL and certificate name when it exists (key rotation). */
    public void register(Registration r) {
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
                .bind("url", r.settlementUrl().toString()).bind("cert", r.certificateName()).bind("now", clock.millis()).execute());
        cache.invalidate(r.id());
    }

    public Optional<Merchant> find(String id) {
        if (id == null) return Optional.empty();
        return cache.get(id, this::load);
    }

    /** The shop keys of an active merchant, which alone may seal its purchasing information; null for anyone else. */
    public JWKSet sealKeysOf(String id) {
        return find(id).filter(Merchant::active).map(Merchant::sealKeys).orElse(null);
    }

    /** The settlement server keys of an active merchant, which alone may sign its assertions; null for anyone else. */
    public JWKSet assertionKeysOf(String id) {
        return find(id).filter(Merchant::active).map(Merchant::assertionKeys).orElse(null);
    }

    private Optional<Merchant> load(String id) {
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
    static final String SHOP_KEY = "-shop-";
    static final String SETTLEMENT_KEY = "-settlement-";

    static JWKSet byKeyId(JWKSet keys, String marker) {
        return new JWKSet(keys.getKeys().stream().filter(k -> k.getKeyID() != null && k.getKeyID().contains(marker)).toList());
    }

    /** Whether the two sets hold one same key (the same public key, whatever its key id). */
    public static boolean shareAKey(JWKSet a, JWKSet b) {
        Set<String> first = thumbprints(a);
        return thumbprints(b).stream().anyMatch(first::contains);
    }

    private static Set<String> thumbprints(JWKSet keys) {
        var out = new HashSet<String>();
        for (JWK k : keys.getKeys()) {
            try {
                out.add(k.toPublicJWK().computeThumbprint().toString());
            } catch (JOSEException e) {
                throw new IllegalArgumentException("a key of the merchant cannot be read: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
