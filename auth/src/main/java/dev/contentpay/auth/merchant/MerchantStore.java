package dev.contentpay.auth.merchant;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * The merchants allowed to sell through this issuer, with their keys and whether they are active;
 * {@link MerchantRegistry} caches what it reads. A merchant is never deleted: its approvals, charges
 * and audit events name it for ever, so an operator suspends it instead.
 */
public interface MerchantStore {

    /**
     * Registers the merchant active, or replaces its name, keys, settlement URL, certificate name and
     * invoice registration number when it exists (key rotation), keeping its status: a suspended merchant registered again stays
     * suspended. In its own transaction.
     */
    void register(MerchantRegistry.Registration r, long now);

    /** {@link #register(MerchantRegistry.Registration, long)} in the caller's transaction. */
    void register(Handle h, MerchantRegistry.Registration r, long now);

    Optional<Merchant> find(String id);

    Optional<Merchant> find(Handle h, String id);

    /** At most {@code limit} merchants in the order of their ids, those after {@code after} (null: from the first). */
    List<Merchant> list(String after, int limit);

    /**
     * Makes the merchant active or suspended, in one conditional statement: true when this call
     * changed it, false when it was already so or does not exist.
     */
    boolean setActive(Handle h, String id, boolean active);
}
