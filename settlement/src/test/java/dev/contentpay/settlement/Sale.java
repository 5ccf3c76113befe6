package dev.contentpay.settlement;

import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import dev.contentpay.settlement.fakes.FakeAuth;
import dev.contentpay.settlement.fakes.FakeShop;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * One order as a terminal holds it before presenting it: the shop's sealed purchasing information
 * and the issuer's approval. Withers make the variations a test needs.
 */
record Sale(PurchasingInformation info, String sealed, ApprovalClaims approval, String approvalToken) {

    /** A fresh order for the wallpaper at its price, sealed by the shop and approved by the issuer. */
    static Sale of(OctetKeyPair shopKey, OctetKeyPair authKey) {
        Instant now = Instant.now();
        var info = new PurchasingInformation(Ids.random("ord"), FakeShop.MERCHANT, FakeShop.ITEM, "wallpaper", "Sakura at dusk",
                FakeShop.PRICE, URI.create("http://127.0.0.1/v1/purchases"), now, now.plus(Duration.ofMinutes(10)));
        String sealed = PurchasingInfoSeal.seal(new TokenSigner(shopKey), info);
        // As the issuer does: the approval names the very seal it opened.
        var approval = new ApprovalClaims(Ids.random("apr"), FakeAuth.ISSUER, FakeShop.MERCHANT, "pn_" + Ids.randomToken(8),
                info.orderId(), info.itemId(), info.price(), now, now.plus(Duration.ofMinutes(5)), ApprovalClaims.sealHash(sealed));
        return new Sale(info, sealed, approval, new TokenSigner(authKey).sign(ApprovalClaims.TYPE, approval.toClaims()));
    }

    Sale withApproval(ApprovalClaims changed, OctetKeyPair authKey) {
        return new Sale(info, sealed, changed, new TokenSigner(authKey).sign(ApprovalClaims.TYPE, changed.toClaims()));
    }

    Sale withApprovalForMerchant(String merchant, OctetKeyPair authKey) {
        var a = approval;
        return withApproval(new ApprovalClaims(a.approvalId(), a.issuer(), merchant, a.pseudonym(), a.orderId(), a.itemId(),
                a.amount(), a.issuedAt(), a.expiresAt(), a.sealSha256()), authKey);
    }

    Sale withApprovedAmount(Money amount, OctetKeyPair authKey) {
        var a = approval;
        return withApproval(new ApprovalClaims(a.approvalId(), a.issuer(), a.merchantId(), a.pseudonym(), a.orderId(), a.itemId(),
                amount, a.issuedAt(), a.expiresAt(), a.sealSha256()), authKey);
    }

    Sale withApprovalExpired(OctetKeyPair authKey) {
        var a = approval;
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return withApproval(new ApprovalClaims(a.approvalId(), a.issuer(), a.merchantId(), a.pseudonym(), a.orderId(), a.itemId(),
                a.amount(), past.minus(Duration.ofMinutes(5)), past, a.sealSha256()), authKey);
    }

    Sale withSealed(String otherSealed) {
        return new Sale(info, otherSealed, approval, approvalToken);
    }
}
