package dev.contentpay.auth.approval;

import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.merchant.Merchant;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.BuyerProofClaims;
import dev.contentpay.protocol.BuyerProofResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Gives a signed-in subscriber a buyer proof for one merchant ({@link BuyerProofClaims}): the
 * issuer's word that the holder is the pseudonym that merchant knows them by. A buyer restoring
 * their purchases on a new device holds no approval of an earlier purchase, and the pseudonym is
 * the issuer's to vouch for, since only the issuer can compute it. The proof names the pseudonym and
 * nothing else, lives a few minutes, and buys nothing. Each one is audited.
 */
public final class BuyerProofs {

    /** Long enough to restore and download, short enough that a copy is soon worth nothing. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MerchantRegistry merchants;
    private final Pseudonyms pseudonyms;
    private final TokenSigner signer;
    private final String issuerId;
    private final AuditLog audit;
    private final Clock clock;

    public BuyerProofs(MerchantRegistry merchants, Pseudonyms pseudonyms, TokenSigner signer, String issuerId, AuditLog audit, Clock clock) {
        this.merchants = merchants;
        this.pseudonyms = pseudonyms;
        this.signer = signer;
        this.issuerId = issuerId;
        this.audit = audit;
        this.clock = clock;
    }

    /** A proof for {@code merchantId}, which must be a registered, active merchant ({@code unknown_merchant} otherwise). */
    public BuyerProofResponse issue(Subscriber subscriber, String merchantId) {
        if (merchantId == null || merchantId.isBlank()) throw ContentpayException.invalid("merchant", "is required");
        Merchant merchant = merchants.find(merchantId).filter(Merchant::active)
                .orElseThrow(() -> new ContentpayException(ErrorCode.UNKNOWN_MERCHANT));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var claims = new BuyerProofClaims(Ids.random("bpf"), issuerId, merchant.id(), pseudonyms.of(merchant.id(), subscriber.id()),
                now, now.plus(LIFETIME));
        String proof = signer.sign(BuyerProofClaims.TYPE, claims.toClaims());
        audit.record(AuditLog.Kind.BUYER_PROOF_ISSUED, subscriber.id(), subscriber.id(), "for merchant " + merchant.id());
        return new BuyerProofResponse(proof, merchant.id(), claims.expiresAt());
    }
}
