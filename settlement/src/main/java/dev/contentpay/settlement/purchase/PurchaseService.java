package dev.contentpay.settlement.purchase;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.CatalogItem;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.delivery.MediaTypes;
import dev.contentpay.settlement.delivery.Receipts;
import dev.contentpay.settlement.delivery.ShopClient;
import dev.contentpay.settlement.fault.FaultPoints;
import dev.contentpay.settlement.issuer.IssuerClient;
import dev.contentpay.settlement.ledger.Settlement;
import dev.contentpay.settlement.ledger.SettlementStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A buyer presents an approval ([0065]); this gets it judged by the issuer ([0066]-[0069]),
 * settles the price ([0072]) and answers a receipt with a download link ([0070]).
 *
 * <p>We settle first and deliver after, as [0092] allows: the buyer downloads with the receipt's
 * link only once the settlement, its ledger journal and the payment notice are committed together.
 * Delivering first would hand out content that a crash before the commit leaves unpaid, and the
 * issuer would void the reservation; settling first means every delivery is paid for, and a buyer
 * who lost the connection can download again with the same link.
 *
 * <p>With no allowance within {@code auth.timeout} ([0071]) we give the approval up for good: the
 * give-up, the void request to the issuer and the event are one transaction, and the approval's
 * single outcome row makes a later settlement of it impossible, even when the issuer's allowance
 * comes back afterwards (the buyer's retry with the same key gets the same refusal).
 */
public final class PurchaseService {

    private static final Logger LOG = LoggerFactory.getLogger(PurchaseService.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int QUANTITY = 1;

    /**
     * The issuer's refusals the buyer can act on, passed on with their own code. Any other code is
     * about us (our key not registered, a request auth could not read): the buyer cannot fix it,
     * so it is logged for an operator and the buyer hears only that the issuer is unavailable.
     */
    private static final Set<ErrorCode> ISSUER_REFUSALS = EnumSet.of(
            ErrorCode.APPROVAL_INVALID, ErrorCode.APPROVAL_EXPIRED, ErrorCode.APPROVAL_ALREADY_USED,
            ErrorCode.APPROVAL_WRONG_MERCHANT, ErrorCode.AMOUNT_MISMATCH, ErrorCode.LIMIT_EXCEEDED,
            ErrorCode.CREDIT_REFUSED, ErrorCode.SUBSCRIBER_SUSPENDED, ErrorCode.MERCHANT_SUSPENDED, ErrorCode.PURCHASE_INFO_INVALID,
            ErrorCode.REQUEST_IN_PROGRESS, ErrorCode.AUTH_UNAVAILABLE);

    /**
     * Refusals of one presentation that say nothing final about the approval: another presentation
     * may hold its allowance (already used), or the request, not the approval, was wrong.
     */
    private static final Set<ErrorCode> NOT_FINAL_FOR_THE_APPROVAL = EnumSet.of(ErrorCode.APPROVAL_ALREADY_USED, ErrorCode.AMOUNT_MISMATCH);

    private final PurchaseVerifier verifier;
    private final IssuerClient issuer;
    private final ShopClient shop;
    private final SettlementStore store;
    private final Clock clock;
    private final Receipts receipts;
    private final Runnable onCommitted;
    private final FaultPoints faults;

    /**
     * {@code onCommitted} is told whenever a transaction put something in the outbox (a settlement's
     * payment notice, a give-up's void), so the worker sends it at once.
     */
    public PurchaseService(PurchaseVerifier verifier, IssuerClient issuer, ShopClient shop, SettlementStore store, Clock clock,
                           Receipts receipts, Runnable onCommitted, FaultPoints faults) {
        this.verifier = verifier;
        this.issuer = issuer;
        this.shop = shop;
        this.store = store;
        this.clock = clock;
        this.receipts = receipts;
        this.onCommitted = onCommitted;
        this.faults = faults;
    }

    /**
     * Settles one presentation of an approval. {@code terminalKey} is the buyer's idempotency key:
     * the same key makes the issuer give the same allowance again, a new key is a new judgement.
     */
    public Receipt purchase(PurchaseRequest request, String terminalKey) {
        return purchase(request, terminalKey, settled -> { });
    }

    /**
     * {@link #purchase(PurchaseRequest, String)}, telling {@code settledNow} the receipt when this
     * call made the settlement (not when it gives the receipt of an earlier one again), which is
     * when its content may go with the answer without another check.
     */
    public Receipt purchase(PurchaseRequest request, String terminalKey, java.util.function.Consumer<Receipt> settledNow) {
        PurchaseVerifier.Presented presented = verifier.open(request.purchase(), request.approval());
        PurchasingInformation info = presented.info();
        if (presented.refusal() != null) throw refused(info, null, presented.refusal());
        ApprovalClaims approval = presented.approval();
        try {
            return judgeAndSettle(request.approval(), info, approval, terminalKey, settledNow);
        } catch (ContentpayException e) {
            throw refused(info, approval.approvalId(), e);
        }
    }

    private Receipt judgeAndSettle(String approvalToken, PurchasingInformation info, ApprovalClaims approval, String terminalKey,
                                   java.util.function.Consumer<Receipt> settledNow) {
        Optional<SettlementStore.Outcome> outcome = store.outcome(approval.approvalId());
        // An approval we gave up on is dead to us for ever, whatever the issuer would now say:
        // the issuer has been asked to void it, so settling it could deliver what is never paid.
        if (outcome.isPresent() && outcome.get() == SettlementStore.Outcome.ABANDONED) throw gaveUp();
        // An approval we already settled goes to the issuer all the same: if this is the buyer's
        // retry of the very request that settled it (same idempotency key, so the same allowance
        // comes back), the buyer lost our receipt, perhaps because we died before answering, and
        // gets it again; any other presentation is refused by the issuer as already used.
        boolean settledBefore = outcome.isPresent() && outcome.get() == SettlementStore.Outcome.SETTLED;
        // The catalog entry is read before judging: if the shop cannot tell us what we are selling,
        // we refuse while the approval is still unused, rather than settle what we cannot deliver.
        CatalogItem item = settledBefore ? null : deliverableItem(info.itemId());
        if (!settledBefore) store.beginPresentation(approval.approvalId(), info.orderId(), info.price(), clock.instant());
        Allowance allowance;
        try {
            allowance = judge(approvalToken, info, approval, terminalKey);
        } catch (ContentpayException e) {
            // A settled approval is never given up: its settlement stands and will be charged. If
            // the issuer is silent now, this may be the buyer whose receipt was lost, who must not
            // hear "given up, nothing was charged" but try again.
            if (settledBefore && e.code() == ErrorCode.AUTH_UNAVAILABLE) throw settledButUnconfirmed(approval);
            throw e;
        }
        faults.reached(FaultPoints.Point.AFTER_ALLOWANCE);
        var existing = store.findByAllowance(allowance.claims().allowanceId());
        if (existing.isPresent()) return receiptAgain(existing.get());
        if (item == null) throw new ContentpayException(ErrorCode.APPROVAL_ALREADY_USED, "This approval has already been settled.");
        Receipt receipt = settle(info, approval, allowance, item);
        settledNow.accept(receipt);
        return receipt;
    }

    /** A new download link for a settlement whose receipt never reached the buyer; the old link stops working. */
    private Receipt receiptAgain(Settlement settlement) {
        Receipt receipt = receipts.again(java.util.List.of(settlement)).get(0);
        LOG.info("receipt of settlement {} given again to the buyer's retry", settlement.id());
        return receipt;
    }

    private CatalogItem deliverableItem(String itemId) {
        CatalogItem item = shop.item(itemId);
        if (item.contentSha256() == null || !SHA256_HEX.matcher(item.contentSha256()).matches()) {
            LOG.error("catalog item {} has no valid content SHA-256; refusing to sell it", itemId);
            throw new ContentpayException(ErrorCode.SHOP_UNAVAILABLE, "The shop does not say what this item's content is.");
        }
        return item;
    }

    /** The issuer's allowance, verified, with the token as it came: the receipt carries it as its transaction record. */
    private record Allowance(AllowanceClaims claims, String token) {
    }

    private Allowance judge(String approvalToken, PurchasingInformation info, ApprovalClaims approval, String terminalKey) {
        // Derived, not random: the terminal's retry of this very request is a safe retry at the
        // issuer (the same allowance again), while another presentation is a new judgement.
        String judgeKey = "judge-" + ClientAssertions.sha256Hex(terminalKey + ":" + approval.approvalId());
        JudgeResponse verdict;
        try {
            verdict = issuer.judge(new JudgeRequest(approvalToken, info.orderId(), info.price()), judgeKey);
        } catch (ContentpayException e) {
            throw judgementFailed(info, approval, fromIssuer(approval, e));
        }
        if (verdict == null || !"allowed".equals(verdict.verdict()) || verdict.allowance() == null) {
            LOG.error("the issuer answered the judgement of approval {} without an allowance", approval.approvalId());
            throw new ContentpayException(ErrorCode.ALLOWANCE_INVALID);
        }
        return new Allowance(verifier.verifyAllowance(verdict.allowance(), approval), verdict.allowance());
    }

    /**
     * No answer in time ([0071]): we give the approval up for good and ask the issuer to void it,
     * in one transaction; an allowance that arrives later is never settled. A final refusal is
     * noted too, so the sweeper of unfinished presentations does not void it needlessly.
     */
    private ContentpayException judgementFailed(PurchasingInformation info, ApprovalClaims approval, ContentpayException e) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (e.code() == ErrorCode.AUTH_UNAVAILABLE) {
            if (store.abandon(approval.approvalId(), info.orderId(), info.price(), e.code().code(), now)) {
                onCommitted.run();
                LOG.warn("gave up on approval {} (order {}): no allowance in time; its void is queued", approval.approvalId(), info.orderId());
            }
            return gaveUp();
        }
        if (!e.code().retryable() && !NOT_FINAL_FOR_THE_APPROVAL.contains(e.code())) store.recordRefused(approval.approvalId(), e.code());
        return e;
    }

    /** The same answer for every presentation of an approval we gave up on, as the first one got. */
    private static ContentpayException gaveUp() {
        return new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, "The issuer did not answer in time, so this approval was "
                + "given up and its void requested; nothing was charged. Ask the issuer for a new approval.");
    }

    private static ContentpayException settledButUnconfirmed(ApprovalClaims approval) {
        LOG.warn("approval {} is settled, and the issuer could not confirm this presentation of it; the buyer is asked to retry",
                approval.approvalId());
        return new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE, "This purchase could not be confirmed just now; "
                + "present the approval again with the same idempotency key.");
    }

    private static ContentpayException fromIssuer(ApprovalClaims approval, ContentpayException e) {
        if (ISSUER_REFUSALS.contains(e.code())) return e;
        LOG.error("the issuer answered the judgement of approval {} with {}: check this merchant's registration",
                approval.approvalId(), e.code().code());
        return new ContentpayException(ErrorCode.AUTH_UNAVAILABLE, ErrorCode.AUTH_UNAVAILABLE.title(), e);
    }

    private Receipt settle(PurchasingInformation info, ApprovalClaims approval, Allowance allowance, CatalogItem item) {
        // Millisecond precision, as stored, so the receipt and the database say the same time.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String title = info.title() != null && !info.title().isBlank() ? info.title() : item.title();
        var settlement = new Settlement(Ids.random("stl"), approval.approvalId(), allowance.claims().allowanceId(), info.orderId(),
                info.itemId(), title == null ? info.itemId() : title, QUANTITY, info.price(), allowance.claims().pseudonym(),
                MediaTypes.normalize(item.mediaType()), item.size(), item.contentSha256().toLowerCase(java.util.Locale.ROOT), now,
                allowance.token(), info.taxRate());
        Receipts.Granted granted = receipts.newGrant(settlement.id());
        // The receipt is made first and kept with the settlement: the settlement and the answer that tells it are one commit.
        Receipt receipt = receipts.of(settlement, granted);
        faults.approaching(FaultPoints.Point.AFTER_COMMIT);
        try {
            store.settle(settlement, granted.grant(), Idempotency.keptWith(receipt));
        } catch (ContentpayException e) {
            if (store.outcome(approval.approvalId()).filter(o -> o == SettlementStore.Outcome.ABANDONED).isPresent()) throw gaveUp();
            throw e;
        }
        faults.reached(FaultPoints.Point.AFTER_COMMIT);
        onCommitted.run();
        LOG.debug("settled {}: order {}, approval {}, allowance {}, {}", settlement.id(), settlement.orderId(),
                settlement.approvalId(), settlement.allowanceId(), settlement.amount());
        return receipt;
    }

    /** Records the refusal ([0071]) and hands the exception back for the caller to throw. */
    private ContentpayException refused(PurchasingInformation info, String approvalId, ContentpayException e) {
        try {
            store.recordRefusal(info.orderId(), approvalId, e.code(), clock.instant());
        } catch (RuntimeException recordFailure) {
            // The buyer's answer matters more than our bookkeeping: log and go on refusing.
            LOG.warn("could not record the refusal of order {}: {}", info.orderId(), recordFailure.toString());
        }
        LOG.info("refused order {} (approval {}): {}", info.orderId(), approvalId, e.code().code());
        return e;
    }
}
