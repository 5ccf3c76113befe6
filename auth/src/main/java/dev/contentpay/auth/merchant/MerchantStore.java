package dev.contentpay.auth.merchant;

import java.util.Optional;

/** The merchants allowed to sell through this issuer, with their keys; {@link MerchantRegistry} caches what it reads. */
public interface MerchantStore {

    /** Registers the merchant, or replaces its name, keys, settlement URL and certificate name when it exists (key rotation). */
    void register(MerchantRegistry.Registration r, long now);

    Optional<Merchant> find(String id);
}
