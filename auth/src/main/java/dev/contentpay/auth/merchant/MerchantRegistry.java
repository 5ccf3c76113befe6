package dev.contentpay.auth.merchant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.github.benmanes.caffeine.cache.Cache;
import dev.contentpay.platform.cache.Caches;
import dev.contentpay.platform.crypto.KeySource;
import dev.contentpay.platform.crypto.PublicKeyFile;
import dev.contentpay.platform.money.ConsumptionTax;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.Optional;

/**
 * The merchants allowed to sell through this issuer. Lookups are on every approval and every call
 * on the dedicated line, so they are cached; the database stays the truth. Entries are kept for
 * {@link #CACHE_TTL} only: another auth instance on the same database may register, rotate the keys
 * of, or suspend a merchant, and this instance must see it soon without a restart; a change made
 * through this instance is seen here at once ({@link #forget}).
 * <p>
 * A suspended merchant's keys still prove who it is, so that it is told {@code merchant_suspended}
 * rather than taken for a stranger, and so that what it owes or gives back (payment notices for
 * allowances already granted, voids, refunds, daily totals) still reaches the issuer; only new
 * money is refused: its seals at approval and its judgements.
 */
public final class MerchantRegistry {

    private final MerchantStore store;
    private final Clock clock;
    /** How long a lookup is reused, here or after a change made through another instance. */
    static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(30);

    /** The most merchants kept; the least used go first. */
    static final long MAX_MERCHANTS = 10_000;

    private final Cache<String, Optional<Merchant>> cache;

    /** When each merchant's keys were last read again for a key id not among them (at most once per {@link PublicKeyFile#MIN_RELOAD_INTERVAL}). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> reloadedAt = new java.util.concurrent.ConcurrentHashMap<>();

    /** A merchant's registration as its configuration's key files say now, or null for a merchant not configured by files. */
    private volatile java.util.function.Function<String, Registration> configured = id -> null;

    public MerchantRegistry(MerchantStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.cache = Caches.expiring(clock, CACHE_TTL, MAX_MERCHANTS);
    }

    /**
     * What registers a merchant: its name, its shop's public keys (seals), its settlement server's
     * (assertions), where its buyers settle, the name on its settlement server's certificate and its
     * qualified invoice registration number ({@code T} and 13 digits; null when not known).
     */
    public record Registration(String id, String name, JWKSet sealKeys, JWKSet assertionKeys, URI settlementUrl, String certificateName,
                               String invoiceRegistrationNumber) {
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
            if (invoiceRegistrationNumber != null && !ConsumptionTax.isRegistrationNumber(invoiceRegistrationNumber)) {
                throw new IllegalArgumentException("merchant " + id + "'s invoice registration number must be T and 13 digits");
            }
        }

        /** A registration without an invoice registration number. */
        public Registration(String id, String name, JWKSet sealKeys, JWKSet assertionKeys, URI settlementUrl, String certificateName) {
            this(id, name, sealKeys, assertionKeys, settlementUrl, certificateName, null);
        }

        /** The same registration under another settlement URL. */
        public Registration settlingAt(URI url) {
            return new Registration(id, name, sealKeys, assertionKeys, url, certificateName, invoiceRegistrationNumber);
        }
    }

    /**
     * Where the merchants registered in configuration are read again when one of their tokens names
     * a key id not among their keys: the files its shop and settlement server write, which hold a
     * new key beside the old one after a rotation (docs/MERCHANTS.md, keys).
     */
    public MerchantRegistry readingAgainFrom(java.util.function.Function<String, Registration> configured) {
        this.configured = configured;
        return this;
    }

    /** The shop keys of each merchant, read again for a key id not known yet. */
    public KeySource sealKeys() {
        return source("seal", Merchant::sealKeys);
    }

    /** The settlement server keys of each merchant, read again for a key id not known yet. */
    public KeySource assertionKeys() {
        return source("assertion", Merchant::assertionKeys);
    }

    private KeySource source(String role, java.util.function.Function<Merchant, JWKSet> keys) {
        return new KeySource() {
            @Override
            public JWKSet apply(String id) {
                return find(id).map(keys).orElse(null);
            }

            @Override
            public JWKSet reload(String id) {
                readAgain(id, role);
                return apply(id);
            }
        };
    }

    /**
     * Reads a registered merchant's keys again: from its configured files when it has them (and
     * registers them when they changed), else from the database, which another instance or an
     * operator may have changed. False when this role's keys of the merchant were read again too recently.
     */
    private synchronized boolean readAgain(String id, String role) {
        long now = clock.millis();
        Long last = reloadedAt.get(role + " " + id);
        if (last != null && now - last < PublicKeyFile.MIN_RELOAD_INTERVAL.toMillis()) return false;
        reloadedAt.put(role + " " + id, now);
        cache.invalidate(id);
        Registration fromFiles;
        try {
            fromFiles = configured.apply(id);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MerchantRegistry.class).warn("the key files of merchant {} cannot be read again: {}", id, e.getMessage());
            reloadedAt.remove(role + " " + id);
            return true;
        }
        var known = find(id);
        if (fromFiles != null && known.isPresent() && (!samePublicKeys(known.get().sealKeys(), fromFiles.sealKeys())
                || !samePublicKeys(known.get().assertionKeys(), fromFiles.assertionKeys()))) {
            Merchant m = known.get();
            register(new Registration(id, m.name(), fromFiles.sealKeys(), fromFiles.assertionKeys(), m.settlementUrl(), m.certificateName(),
                    m.invoiceRegistrationNumber()));
        }
        return true;
    }

    static boolean samePublicKeys(JWKSet a, JWKSet b) {
        return a.toPublicJWKSet().toJSONObject(true).equals(b.toPublicJWKSet().toJSONObject(true));
    }

    /**
     * Registers the merchant, or replaces its name, keys, settlement URL, certificate name and invoice
     * registration number when it exists (key rotation).
     */
    public void register(Registration r) {
        store.register(r, clock.millis());
        cache.invalidate(r.id());
    }

    public Optional<Merchant> find(String id) {
        if (id == null) return Optional.empty();
        return cache.get(id, store::find);
    }

    /** Drops what this instance remembers of the merchant, after a change to it: the next lookup reads the database. */
    public void forget(String id) {
        cache.invalidate(id);
    }

    /** Whether the merchant is registered and suspended: it may take no new money ({@code merchant_suspended}). */
    public boolean isSuspended(String id) {
        return find(id).filter(m -> !m.active()).isPresent();
    }

    /** The shop keys of a registered merchant, suspended or not, which alone may seal its purchasing information; null for anyone else. */
    public JWKSet sealKeysOf(String id) {
        return find(id).map(Merchant::sealKeys).orElse(null);
    }

    /** The settlement server keys of a registered merchant, suspended or not, which alone may sign its assertions; null for anyone else. */
    public JWKSet assertionKeysOf(String id) {
        return find(id).map(Merchant::assertionKeys).orElse(null);
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
