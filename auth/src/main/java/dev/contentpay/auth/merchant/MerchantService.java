package dev.contentpay.auth.merchant;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.admin.MerchantView;
import dev.contentpay.protocol.admin.RegisterMerchantRequest;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What operators do to merchants: register one, change its keys or settlement server, suspend and
 * resume it, list them. Every change is audited in its own transaction, and forgotten at once by
 * this instance's {@link MerchantRegistry}; other instances on the same database see it within
 * {@link MerchantRegistry#CACHE_TTL}.
 * <p>
 * Registering an id that exists replaces its name, keys, settlement URL, certificate name and invoice
 * registration number (a key rotation, audited {@code merchant_changed} with what changed) and keeps its status, so a suspended
 * merchant is not resumed by being registered again; the same registration again changes nothing.
 */
public final class MerchantService {

    /** The most merchants one page lists. */
    public static final int MAX_PAGE = 1_000;

    private final Database db;
    private final MerchantStore store;
    private final MerchantRegistry registry;
    private final AuditLog audit;
    private final Clock clock;

    public MerchantService(Database db, MerchantStore store, MerchantRegistry registry, AuditLog audit, Clock clock) {
        this.db = db;
        this.store = store;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    public MerchantView register(RegisterMerchantRequest r) {
        MerchantRegistry.Registration registration;
        try {
            registration = new MerchantRegistry.Registration(r.id(), r.name(), r.sealKeySet(), r.assertionKeySet(), r.settlementUri(),
                    r.certificateName(), r.invoiceRegistrationNumber());
        } catch (IllegalArgumentException e) {
            // The one rule the request alone cannot check: the two roles share no key.
            throw ContentpayException.invalid("assertionKeys", "must share no key with sealKeys: " + e.getMessage());
        }
        db.useTransaction(h -> {
            var before = store.find(h, r.id());
            String changed = before.map(m -> changes(m, registration)).orElse(null);
            if (before.isPresent() && changed.isEmpty()) return;
            store.register(h, registration, clock.millis());
            audit.record(h, before.isPresent() ? AuditLog.Kind.MERCHANT_CHANGED : AuditLog.Kind.MERCHANT_REGISTERED, "admin", null, r.id(),
                    null, null, before.isPresent() ? changed : "settles at " + registration.settlementUrl()
                            + (registration.invoiceRegistrationNumber() == null ? "" : ", invoice registration number " + registration.invoiceRegistrationNumber()));
        });
        registry.forget(r.id());
        return view(r.id());
    }

    public MerchantView view(String id) {
        return store.find(id).map(MerchantService::viewOf)
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no merchant with this id."));
    }

    /** The merchants after {@code after} in the order of their ids, at most {@code limit} (1 to {@link #MAX_PAGE}). */
    public List<MerchantView> list(String after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw ContentpayException.invalid("limit", "must be 1 to " + MAX_PAGE);
        if (after != null && !dev.contentpay.platform.id.Ids.isWellFormed(after)) throw ContentpayException.invalid("after", "must be a merchant id");
        return store.list(after, limit).stream().map(MerchantService::viewOf).toList();
    }

    /** Suspends ({@code active} false) or resumes the merchant; doing it again changes and audits nothing. */
    public MerchantView setActive(String id, boolean active) {
        view(id);
        db.useTransaction(h -> {
            if (store.setActive(h, id, active)) {
                audit.record(h, active ? AuditLog.Kind.MERCHANT_RESUMED : AuditLog.Kind.MERCHANT_SUSPENDED, "admin", null, id, null, null, null);
            }
        });
        registry.forget(id);
        return view(id);
    }

    /** What a registration changes of a merchant, in words for the audit log; empty when nothing. */
    private static String changes(Merchant m, MerchantRegistry.Registration r) {
        var what = new java.util.ArrayList<String>();
        if (!m.name().equals(r.name())) what.add("name");
        if (!sameKeys(m.sealKeys(), r.sealKeys())) what.add("seal keys");
        if (!sameKeys(m.assertionKeys(), r.assertionKeys())) what.add("assertion keys");
        if (!Objects.equals(m.settlementUrl(), r.settlementUrl())) what.add("settlement URL " + r.settlementUrl());
        if (!m.certificateName().equals(r.certificateName())) what.add("certificate name " + r.certificateName());
        if (!Objects.equals(m.invoiceRegistrationNumber(), r.invoiceRegistrationNumber())) {
            what.add("invoice registration number " + (r.invoiceRegistrationNumber() == null ? "removed" : r.invoiceRegistrationNumber()));
        }
        return String.join(", ", what);
    }

    private static boolean sameKeys(JWKSet a, JWKSet b) {
        return MerchantRegistry.samePublicKeys(a, b);
    }

    private static MerchantView viewOf(Merchant m) {
        return new MerchantView(m.id(), m.name(), m.active() ? "active" : "suspended", m.sealKeys().toPublicJWKSet().toJSONObject(true),
                m.assertionKeys().toPublicJWKSet().toJSONObject(true), m.settlementUrl() == null ? null : m.settlementUrl().toString(),
                m.certificateName(), m.invoiceRegistrationNumber());
    }
}
