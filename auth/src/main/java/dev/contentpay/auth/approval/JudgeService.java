package dev.contentpay.auth.approval;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The judging means 44 ([0067]-[0069]): decides, in one transaction, whether an approval presented
 * by a merchant is good, and if so uses it up for ever and reserves its amount against the
 * subscriber's budget. The verdict is kept on the approval: the merchant's retry of the same
 * judgement (same idempotency key) gets the same allowance again; any other presentation gets
 * {@code approval_already_used}; a refusal is given again as it was first given.
 */
public final class JudgeService {

    private static final Logger LOG = LoggerFactory.getLogger(JudgeService.class);

    /** What the transaction decided; tokens are signed after it commits. */
    /** The allowed approval (with the answer signed for it ahead, if any) or the refusal. */
    private record Verdict(Approval allowed, ErrorCode refusal, JudgeResponse answer) {
        static Verdict allow(Approval a) {
            return new Verdict(a, null, null);
        }

        static Verdict refuse(ErrorCode code) {
            return new Verdict(null, code, null);
        }
    }

    private final Database db;
    private final ApprovalStore approvalStore;
    private final BudgetStore budgets;
    private final TokenSigner signer;
    private final TokenVerifier approvals;
    private final String issuerId;
    private final Duration noticeTimeout;
    private final Clock clock;
    private final AuditLog audit;

    /** Whether a merchant is suspended ({@code MerchantRegistry::isSuspended}): its judgements are refused. */
    private final java.util.function.Predicate<String> merchantSuspended;

    public JudgeService(Database db, ApprovalStore approvalStore, BudgetStore budgets,
                        TokenSigner signer, String issuerId, Duration noticeTimeout, Clock clock, AuditLog audit,
                        java.util.function.Predicate<String> merchantSuspended) {
        this(db, approvalStore, budgets, signer, issuerId, noticeTimeout, clock, audit, merchantSuspended,
                i -> issuerId.equals(i) ? new com.nimbusds.jose.jwk.JWKSet(signer.publicKey()) : null);
    }

    /** With {@code ownKeys}, this issuer's published keys (its {@code KeyRing}'s): an approval signed by a key since replaced is still judged until that key retires. */
    public JudgeService(Database db, ApprovalStore approvalStore, BudgetStore budgets,
                        TokenSigner signer, String issuerId, Duration noticeTimeout, Clock clock, AuditLog audit,
                        java.util.function.Predicate<String> merchantSuspended, java.util.function.Function<String, com.nimbusds.jose.jwk.JWKSet> ownKeys) {
        this.merchantSuspended = merchantSuspended;
        this.audit = audit;
        this.db = db;
        this.approvalStore = approvalStore;
        this.budgets = budgets;
        this.signer = signer;
        this.issuerId = issuerId;
        this.noticeTimeout = noticeTimeout;
        this.clock = clock;
        this.approvals = new TokenVerifier(ownKeys, clock, java.time.Duration.ofSeconds(30)).expecting(signer.environment());
    }

    public JudgeResponse judge(String merchantId, JudgeRequest request, String judgeKey) {
        Recognised approval = recognise(request.approval(), merchantId, request);
        String approvalId = approval.id();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // The allowance an unjudged approval would get is signed before the transaction, so that the
        // transaction keeps the answer that carries it: the verdict and its answer are one commit. It
        // is used only if the transaction allows exactly that approval under exactly that allowance id.
        Offer offer = approval.recorded() != null && approval.recorded().issued() ? offer(merchantId, request, approval, now) : null;
        Idempotency.Keeper answer = Idempotency.keeper();
        Verdict verdict = db.inTransaction(h -> {
            Verdict v = decide(h, merchantId, request, judgeKey, approvalId, now, offer);
            record(h, merchantId, approvalId, v);
            if (v.answer() != null) answer.keep(h, v.answer());
            return v;
        });
        if (verdict.refusal() != null) {
            dev.contentpay.auth.observe.AuthMetrics.judgementRefused(verdict.refusal());
            LOG.info("approval {} refused to merchant {}: {}", approvalId, merchantId, verdict.refusal().code());
            throw new ContentpayException(verdict.refusal());
        }
        Approval a = verdict.allowed();
        dev.contentpay.auth.observe.AuthMetrics.allowanceGranted();
        LOG.debug("approval {} allowed to merchant {} as allowance {}", a.id(), merchantId, a.allowanceId());
        if (verdict.answer() != null) return verdict.answer();
        return allowance(a.allowanceId(), a.merchantId(), a.pseudonym(), a.id(), a.orderId(), a.itemId(), a.amount(), a.judgedAt(), a.notifyBy());
    }

    /** An allowance signed ahead of its judgement: its id, what it was signed from, and the answer that carries it. */
    private record Offer(String allowanceId, String pseudonym, String itemId, JudgeResponse answer) {
    }

    private Offer offer(String merchantId, JudgeRequest request, Recognised approval, Instant now) {
        String allowanceId = Ids.random("alw");
        ApprovalStore.Recorded row = approval.recorded();
        return new Offer(allowanceId, row.pseudonym(), row.itemId(), allowance(allowanceId, merchantId, row.pseudonym(), approval.id(),
                request.orderId(), row.itemId(), request.amount(), now, now.plus(noticeTimeout)));
    }

    private JudgeResponse allowance(String allowanceId, String merchantId, String pseudonym, String approvalId, String orderId, String itemId,
                                    dev.contentpay.platform.money.Money amount, Instant judgedAt, Instant notifyBy) {
        var claims = new AllowanceClaims(allowanceId, issuerId, merchantId, pseudonym, approvalId, orderId, itemId, amount, judgedAt, notifyBy);
        return new JudgeResponse("allowed", signer.sign(AllowanceClaims.TYPE, claims.toClaims()), allowanceId, approvalId, pseudonym, amount);
    }

    private Verdict decide(Handle h, String merchantId, JudgeRequest request, String judgeKey, String approvalId, Instant now, Offer offer) {
        ApprovalStore.ToJudge found = approvalStore.findToJudge(h, approvalId).orElse(null);
        if (found == null) return Verdict.refuse(ErrorCode.APPROVAL_INVALID);
        Approval a = found.approval();
        if (!a.merchantId().equals(merchantId)) return Verdict.refuse(ErrorCode.APPROVAL_WRONG_MERCHANT);
        if (a.status() != Approval.Status.ISSUED) return repeated(a, judgeKey);
        if (!a.orderId().equals(request.orderId()) || !a.amount().equals(request.amount())) {
            return Verdict.refuse(ErrorCode.AMOUNT_MISMATCH);
        }
        if (!a.expiresAt().isAfter(now)) return refuseForGood(h, a, Approval.Status.EXPIRED, ErrorCode.APPROVAL_EXPIRED, now);
        // A suspended merchant is promised no new money; an allowance it was given before stands (repeated above).
        if (merchantSuspended.test(merchantId)) return refuseForGood(h, a, Approval.Status.REFUSED, ErrorCode.MERCHANT_SUSPENDED, now);
        if (!found.subscriberActive()) return refuseForGood(h, a, Approval.Status.REFUSED, ErrorCode.SUBSCRIBER_SUSPENDED, now);
        String allowanceId = offer != null ? offer.allowanceId() : Ids.random("alw");
        Instant notifyBy = now.plus(noticeTimeout);
        if (!approvalStore.allow(h, a.id(), merchantId, request.orderId(), request.amount(), now, judgeKey, allowanceId, notifyBy)) {
            return Verdict.refuse(ErrorCode.APPROVAL_ALREADY_USED);
        }
        if (!budgets.reserve(h, a.subscriberId(), a.period(), a.amount().amount())) {
            approvalStore.refuseAllowed(h, a.id(), ErrorCode.LIMIT_EXCEEDED.code());
            return Verdict.refuse(ErrorCode.LIMIT_EXCEEDED);
        }
        Approval allowed = a.allowed(now, judgeKey, allowanceId, notifyBy);
        // The offer was made from this approval's own row, which a judgement does not change but for its verdict.
        boolean offered = offer != null && allowed.pseudonym().equals(offer.pseudonym()) && allowed.itemId().equals(offer.itemId());
        return new Verdict(allowed, null, offered ? offer.answer() : null);
    }

    private void record(Handle h, String merchantId, String approvalId, Verdict v) {
        if (v.allowed() != null) {
            Approval a = v.allowed();
            audit.record(h, AuditLog.Kind.ALLOWANCE_GRANTED, merchantId, a.subscriberId(), merchantId, a.id(), a.amount(), "allowance " + a.allowanceId());
        } else {
            String subscriber = approvalStore.find(h, approvalId).map(Approval::subscriberId).orElse(null);
            audit.record(h, AuditLog.Kind.JUDGEMENT_REFUSED, merchantId, subscriber, merchantId, subscriber == null ? null : approvalId,
                    null, v.refusal().code());
        }
    }

    /** An approval judged before: the same allowance for the same judgement, else the first verdict. */
    private static Verdict repeated(Approval a, String judgeKey) {
        boolean allowed = a.status() == Approval.Status.ALLOWED || a.status() == Approval.Status.CHARGED;
        if (allowed && judgeKey.equals(a.judgeKey())) return Verdict.allow(a);
        if (!allowed && a.verdictCode() != null) return Verdict.refuse(ErrorCode.fromCode(a.verdictCode()));
        return Verdict.refuse(ErrorCode.APPROVAL_ALREADY_USED);
    }

    private Verdict refuseForGood(Handle h, Approval a, Approval.Status status, ErrorCode code, Instant now) {
        approvalStore.refuse(h, a.id(), status, code.code(), now);
        return Verdict.refuse(code);
    }

    /**
     * The approval this token is, if we issued it: its id, and the row it was recognised by. The issuer is the only party that
     * judges its approvals, so it recognises its own token by the SHA-256 it recorded at issue: the
     * same bytes, or not ours (approval_invalid), with no signature to check. What the token says
     * (merchant, order, amount, expiry) is then taken from our own row by {@link #decide}. A token
     * whose approval has no recorded hash (issued before the hash was kept) is checked by its
     * signature, as before.
     */
    private Recognised recognise(String token, String merchantId, JudgeRequest request) {
        com.nimbusds.jwt.JWTClaimsSet unverified = unverifiedClaims(token);
        // A token of the other environment (sandbox at live, or live at sandbox) is told so before
        // anything is looked up: one comparison of the mark, no key and no database.
        if (unverified != null && signer.environment() != null && !signer.environment().marks(unverified.getClaim(
                dev.contentpay.platform.crypto.Environment.CLAIM))) {
            throw new ContentpayException(ErrorCode.SANDBOX_TOKEN);
        }
        String id = unverified == null || !Ids.isWellFormed(unverified.getJWTID()) ? null : unverified.getJWTID();
        ApprovalStore.Recorded recorded = id == null ? null : db.withHandle(h -> approvalStore.recorded(h, id)).orElse(null);
        if (recorded != null) {
            byte[] presented = ClientAssertions.sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(presented, recorded.tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
                throw new ContentpayException(ErrorCode.APPROVAL_INVALID);
            }
            return new Recognised(id, recorded);
        }
        ApprovalClaims claims = verify(token, merchantId);
        if (!claims.orderId().equals(request.orderId()) || !claims.amount().equals(request.amount())) {
            throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH);
        }
        return new Recognised(claims.approvalId(), null);
    }

    /** An approval this issuer made: its id, and its recorded row when the token was recognised by its hash. */
    private record Recognised(String id, ApprovalStore.Recorded recorded) {
    }

    /** The claims of a token of the approval's shape, unchecked; null for anything else. */
    private static com.nimbusds.jwt.JWTClaimsSet unverifiedClaims(String token) {
        if (token == null || token.length() > TokenVerifier.MAX_TOKEN_LENGTH) return null;
        try {
            return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    private ApprovalClaims verify(String token, String merchantId) {
        try {
            return ApprovalClaims.from(approvals.verify(token, ApprovalClaims.TYPE, merchantId));
        } catch (TokenException e) {
            throw new ContentpayException(switch (e.reason()) {
                case WRONG_AUDIENCE -> ErrorCode.APPROVAL_WRONG_MERCHANT;
                case EXPIRED -> ErrorCode.APPROVAL_EXPIRED;
                case WRONG_ENVIRONMENT -> ErrorCode.SANDBOX_TOKEN;
                default -> ErrorCode.APPROVAL_INVALID;
            });
        } catch (RuntimeException e) {
            throw new ContentpayException(ErrorCode.APPROVAL_INVALID);
        }
    }
}
