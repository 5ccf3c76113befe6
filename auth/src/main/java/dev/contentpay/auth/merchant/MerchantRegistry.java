package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.db.Database;

import java.text.ParseException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    private record Cached(Optional<Merchant> merchant, long loadedAt) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MerchantRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Registers the merchant, or replaces its name and keys when it exists (key rotation). */
    public void register(String id, String name, JWKSet publicKeys) {
        String keys = publicKeys.toPublicJWKSet().toString(true);
        db.useTransaction(h -> h.createUpdate("""
                        INSERT INTO merchant (id, name, status, public_keys, created_at) VALUES (:id, :name, 'ACTIVE', :keys, :now)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, public_keys = excluded.public_keys""")
                .bind("id", id).bind("name", name).bind("keys", keys).bind("now", clock.millis()).execute());
        cache.remove(id);
    }

    public Optional<Merchant> find(String id) {
        if (id == null) return Optional.empty();
        long now = clock.millis();
        Cached cached = cache.get(id);
        if (cached == null || now - cached.loadedAt() >= CACHE_TTL.toMillis()) {
            cached = new Cached(load(id), now);
            cache.put(id, cached);
        }
        return cached.merchant();
    }

    /** The keys of an active merchant, for token verifiers; null for anyone else. */
    public JWKSet keysOf(String id) {
        return find(id).filter(Merchant::active).map(Merchant::publicKeys).orElse(null);
    }

    private Optional<Merchant> load(String id) {
        return db.withHandle(h -> h.createQuery("SELECT id, name, status, public_keys FROM merchant WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> {
                    try {
                        return new Merchant(rs.getString(1), rs.getString(2), "ACTIVE".equals(rs.getString(3)), JWKSet.parse(rs.getString(4)));
                    } catch (ParseException e) {
                        throw new IllegalStateException("the stored keys of merchant " + id + " are not a JWK set", e);
                    }
                })
                .findOne());
    }
}
