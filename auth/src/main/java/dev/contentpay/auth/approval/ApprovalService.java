package dev.contentpay.auth.approval;

import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.credit.CreditPolicy;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Purchase propriety determination (means 42 and 43, [0059]-[0064]): authenticates the subscriber,
 * opens the merchant's sealed purchasing information, applies the credit policy and the cumulative
 * limit, and issues a short-lived, single-use approval bound to the merchant, order and amount.
 * Nothing is reserved yet: the reservation is made when the merchant has the approval judged, in the
 * same transaction that uses it up, so unpresented approvals hold no budget.
 */
public final class ApprovalService {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalService.class);

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final Authenticator authenticator;
    private final MerchantRegistry merchants;
    private final CreditPolicy policy;
    private final Pseudonyms pseudonyms;
    private final TokenSigner signer;
    private final TokenVerifier sealVerifier;
    private final String issuerId;
    private final Duration lifetime;
    private final Clock clock;
    private final AuditLog audit;
    private final BudgetPeriods periods;

    public ApprovalService(Database db, ApprovalStore approvalStore, BudgetStore budgets, Authenticator authenticator,
                           MerchantRegistry merchants, CreditPolicy policy,
                           Pseudonyms pseudonyms, TokenSigner signer, String issuerId, Duration lifetime, Clock clock,
                           AuditLog audit, BudgetPeriods periods) {
        this.audit = audit;
        this.periods = periods;
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.authenticator = authenticator;
        this.merchants = merchants;
        this.policy = policy;
        this.pseudonyms = pseudonyms;
        this.signer = signer;
        this.issuerId = issuerId;
        this.lifetime = lifetime;
        this.clock = clock;
        // Seals are taken only from shops of this issuer's environment (the signer's mark: live or sandbox).
        this.sealVerifier = new TokenVerifier(merchants.sealKeys(), clock, Duration.ofSeconds(30)).expecting(signer.environment());
    }

    /** The patent's literal form: subscriber id and password (and the PIN above the subscriber's amount). */
    public ApprovalResponse approve(ApprovalRequest request) {
        // The password's success is counted in the approval's transaction: one commit, not two.
        try (Authenticator.SignIn signIn = authenticator.begin(request.subscriberId(), request.password())) {
            Subscriber subscriber = signIn.subscriber();
            Authenticator.requireUsable(subscriber);
            return approveFor(subscriber, request.purchase(), request.pin(), new RequestWrites() {
                @Override
                public void inApproval(Handle h) {
                    signIn.succeeded(h);
                }

                @Override
                public void alone() {
                    signIn.succeededAlone();
                }

                @Override
                public void committed() {
                    signIn.decided();
                }
            });
        }
    }

    /**
     * Decides and issues for a subscriber already identified (by password, or by an enrolled
     * terminal's proof). {@code pin} may be null; it is required above the subscriber's PIN amount.
     */
    public ApprovalResponse approveFor(Subscriber subscriber, String sealedPurchase, String pin) {
        return approveFor(subscriber, sealedPurchase, pin, RequestWrites.NONE);
    }

    /**
     * What the request that asks for an approval must write besides the approval: an enrolled
     * terminal's use of its nonce. They go into the approval's own transaction, so that a
     * purchase's approval costs one unit of work and one wait for a commit, not two; where no
     * approval is written they go alone.
     */
    public interface RequestWrites {

        /** Nothing to write: the password form, the browser's approval page. */
        RequestWrites NONE = new RequestWrites() {
            @Override
            public void inApproval(Handle h) {
            }

            @Override
            public void alone() {
            }

            @Override
            public void committed() {
            }
        };

        /**
         * First in the approval's transaction. It may throw to refuse the request, which rolls the
         * approval back with it; what it throws is not a {@link ContentpayException}, so that the
         * refusal is not kept as the answer to the request's idempotency key.
         */
        void inApproval(Handle h);

        /**
         * On their own, now: before a PIN is checked (a replayed request must be refused before
         * it counts a wrong PIN), and by the caller when no approval was committed.
         */
        void alone();

        /** The approval's transaction, {@link #inApproval} first in it, is committed. */
        void committed();
    }

    /** {@link #approveFor(Subscriber, String, String)} with the request's own writes in the approval's transaction. */
    public ApprovalResponse approveFor(Subscriber subscriber, String sealedPurchase, String pin, RequestWrites writes) {
        try {
            return issue(subscriber, sealedPurchase, pin, writes);
        } catch (ContentpayException e) {
            dev.contentpay.auth.observe.AuthMetrics.approvalRefused(e.code());
            if (e.code() != ErrorCode.PIN_WRONG) {
                audit.record(AuditLog.Kind.APPROVAL_REFUSED, subscriber.id(), subscriber.id(), e.code().code());
            }
            throw e;
        }
    }

    private ApprovalResponse issue(Subscriber subscriber, String sealedPurchase, String pin, RequestWrites writes) {
        Authenticator.requireUsable(subscriber);
        PurchasingInformation purchase = openSeal(sealedPurchase);
        if (!purchase.price().currency().equals(subscriber.currency())) {
            throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "The price is in " + purchase.price().currency()
                    + " but the subscriber's account is in " + subscriber.currency() + ".");
        }
        if (subscriber.needsPinFor(purchase.price().amount())) {
            writes.alone();
            authenticator.verifyPin(subscriber, pin);
        }
        long monthlyCap = policy.allowedMonthlyCap(subscriber);
        Instant now = clock.instant();
        String period = periods.periodOf(subscriber, now);
        var approval = new Approval(Ids.random("apv"), subscriber.id(), purchase.merchantId(),
                pseudonyms.of(purchase.merchantId(), subscriber.id()), purchase.orderId(), purchase.itemId(), purchase.title(),
                purchase.price(), period, Approval.Status.ISSUED, now, now.plus(lifetime), null, null, null, null, null, null, null,
                purchase.taxRate());
        // Signed before it is recorded, so that the row holds the token's hash: the issuer later
        // recognises its own token by that hash rather than by checking the signature again.
        var claims = new ApprovalClaims(approval.id(), issuerId, approval.merchantId(), approval.pseudonym(), approval.orderId(),
                approval.itemId(), approval.amount(), approval.issuedAt(), approval.expiresAt(), ApprovalClaims.sealHash(sealedPurchase));
        String token = signer.sign(ApprovalClaims.TYPE, claims.toClaims());
        // The approval and the answer that hands it out are one commit; the answer tells what remains, read in it.
        Idempotency.Keeper answer = Idempotency.keeper();
        ApprovalResponse response = db.inTransaction(h -> {
            writes.inApproval(h);
            long available = (subscriber.limitKind() == Subscriber.LimitKind.CREDIT
                    ? budgets.refreshCap(h, subscriber.id(), period, Math.min(subscriber.creditLimit(), monthlyCap))
                    : budgets.get(h, subscriber.id(), period)).remaining();
            if (available < purchase.price().amount()) {
                throw new ContentpayException(ErrorCode.LIMIT_EXCEEDED, "The price of " + purchase.price()
                        + " is more than the " + Money.of(available, subscriber.currency()) + " that remain of the budget.");
            }
            if (!approvalStore.insert(h, approval, ClientAssertions.sha256Hex(token))) {
                throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "An approval was already issued for this order; select the item again.");
            }
            audit.record(h, AuditLog.Kind.APPROVAL_ISSUED, subscriber.id(), subscriber.id(), approval.merchantId(), approval.id(),
                    approval.amount(), "order " + approval.orderId());
            var issued = new ApprovalResponse(token, approval.id(), approval.merchantId(), approval.orderId(), approval.amount(),
                    approval.expiresAt(), Money.of(available - purchase.price().amount(), subscriber.currency()));
            answer.keep(h, issued);
            return issued;
        });
        writes.committed();
        dev.contentpay.auth.observe.AuthMetrics.approvalIssued();
        LOG.debug("approval {} issued for order {} of merchant {} ({})", approval.id(), approval.orderId(), approval.merchantId(), approval.amount());
        return response;
    }

    /**
     * Opens a merchant's sealed purchasing information with the merchant's registered keys: what
     * {@link #approveFor} checks first, also used by the approval page to show what is asked for.
     */
    public PurchasingInformation openSeal(String sealed) {
        try {
            PurchasingInformation info = PurchasingInfoSeal.open(sealVerifier, sealed);
            // A genuine seal of a suspended merchant: the buyer is told why, and no money is promised to it.
            if (merchants.isSuspended(info.merchantId())) throw new ContentpayException(ErrorCode.MERCHANT_SUSPENDED);
            if (info.price().amount() <= 0) throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "The price must be positive.");
            // The buyer is sent to settle where the purchasing information says: only the merchant's
            // registered settlement server, never one a seal names, may charge the allowance.
            var settlement = merchants.find(info.merchantId()).map(m -> m.settlementUrl()).orElse(null);
            if (settlement == null || !sameUrl(settlement, info.settleAt())) {
                LOG.info("refused purchasing information of merchant {}: it settles at {}, not at the registered {}", info.merchantId(), info.settleAt(), settlement);
                throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "The purchasing information names a settlement server the merchant did not register.");
            }
            return info;
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.WRONG_ISSUER) throw new ContentpayException(ErrorCode.UNKNOWN_MERCHANT);
            if (e.reason() == TokenException.Reason.WRONG_ENVIRONMENT) throw new ContentpayException(ErrorCode.SANDBOX_TOKEN);
            LOG.info("refused purchasing information: {}", e.getMessage());
            throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID);
        }
    }

    /** Equal URLs, but for a trailing slash. */
    static boolean sameUrl(java.net.URI registered, java.net.URI named) {
        if (named == null) return false;
        return strip(registered.toString()).equals(strip(named.toString()));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
