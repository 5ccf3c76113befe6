package dev.contentpay.settlement.purchase;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.ApprovalClaims;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Checks the three signed documents of a purchase: the purchasing information sealed by our shop,
 * the approval the issuer gave the buyer, and the allowance the issuer gives us. Each refusal
 * names what is wrong; none repeats a token.
 */
public final class PurchaseVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(PurchaseVerifier.class);

    private final String merchantId;
    private final TokenVerifier shopVerifier;
    private final TokenVerifier issuerVerifier;

    public PurchaseVerifier(String merchantId, TokenVerifier shopVerifier, TokenVerifier issuerVerifier) {
        this.merchantId = merchantId;
        this.shopVerifier = shopVerifier;
        this.issuerVerifier = issuerVerifier;
    }

    /**
     * A presentation opened: the purchasing information, and either the approval that approves
     * exactly it or the refusal of that approval (the information is known either way, so that the
     * refusal can be recorded against its order).
     */
    public record Presented(PurchasingInformation info, ApprovalClaims approval, ContentpayException refusal) {
    }

    /**
     * Opens what a buyer presents ([0065]): the approval is checked first, and when it names the
     * very seal presented ({@link ApprovalClaims#sealSha256}), the issuer checked that seal against
     * the merchant's keys before approving it, so its bytes are read without checking the
     * signature again (nor its expiry: the approval's own, shorter, is what counts); any other seal
     * (an older approval, altered bytes) is checked by signature. A seal that does not open is
     * refused whatever the approval; then the approval must approve exactly this order, item and
     * price.
     */
    public Presented open(String sealed, String approvalToken) {
        ApprovalClaims approval = null;
        ContentpayException refusal = null;
        try {
            approval = approvalClaims(approvalToken);
        } catch (ContentpayException e) {
            refusal = e;
        }
        boolean vouchedFor = approval != null && approval.sealSha256() != null && sealed != null
                && MessageDigest.isEqual(approval.sealSha256().getBytes(StandardCharsets.US_ASCII),
                ApprovalClaims.sealHash(sealed).getBytes(StandardCharsets.US_ASCII));
        PurchasingInformation info = vouchedFor ? readVouchedFor(sealed) : openPurchase(sealed);
        if (refusal != null) return new Presented(info, null, refusal);
        try {
            return new Presented(info, bind(approval, info), null);
        } catch (ContentpayException e) {
            return new Presented(info, null, e);
        }
    }

    private PurchasingInformation readVouchedFor(String sealed) {
        try {
            return checked(PurchasingInfoSeal.readVouchedFor(sealed));
        } catch (TokenException e) {
            throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "The purchasing information cannot be read (" + reasonOf(e) + ").");
        }
    }

    /** Opens the shop's seal; the information must be ours, whole and unexpired. */
    private PurchasingInformation openPurchase(String sealed) {
        PurchasingInformation info;
        try {
            info = PurchasingInfoSeal.open(shopVerifier, sealed);
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.WRONG_ENVIRONMENT) throw new ContentpayException(ErrorCode.SANDBOX_TOKEN);
            throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID,
                    "The purchasing information was not sealed by this merchant's shop or was altered (" + reasonOf(e) + ").");
        }
        return checked(info);
    }

    private PurchasingInformation checked(PurchasingInformation info) {
        if (!merchantId.equals(info.merchantId())) {
            throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "The purchasing information is for another merchant.");
        }
        if (!Ids.isWellFormed(info.orderId()) || !Ids.isWellFormed(info.itemId()) || !info.price().isPositive()) {
            throw new ContentpayException(ErrorCode.PURCHASE_INFO_INVALID, "The purchasing information lacks an order, an item or a price.");
        }
        return info;
    }

    /** That the approval ([0066]) approves exactly this order, item and price. */
    private static ApprovalClaims bind(ApprovalClaims approval, PurchasingInformation info) {
        if (!info.orderId().equals(approval.orderId())) {
            throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH, "The approval was given for another order.");
        }
        if (approval.itemId() != null && !info.itemId().equals(approval.itemId())) {
            throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH, "The approval was given for another item.");
        }
        if (!info.price().equals(approval.amount())) {
            throw new ContentpayException(ErrorCode.AMOUNT_MISMATCH,
                    "The approval is for " + approval.amount() + " but the price is " + info.price() + ".");
        }
        return approval;
    }

    /**
     * Verifies the issuer's allowance ([0069]) and that it allows exactly the approval we presented.
     * Only the signed token is trusted; the plain fields beside it in the answer are not.
     */
    public AllowanceClaims verifyAllowance(String token, ApprovalClaims approval) {
        AllowanceClaims allowance;
        try {
            allowance = AllowanceClaims.from(issuerVerifier.verify(token, AllowanceClaims.TYPE, merchantId));
        } catch (TokenException e) {
            if (e.reason() == TokenException.Reason.WRONG_ENVIRONMENT) throw new ContentpayException(ErrorCode.SANDBOX_TOKEN);
            throw allowanceInvalid(approval, reasonOf(e));
        } catch (RuntimeException e) {
            throw allowanceInvalid(approval, "MALFORMED");
        }
        if (!approval.approvalId().equals(allowance.approvalId())) throw allowanceInvalid(approval, "another approval");
        if (!approval.amount().equals(allowance.amount())) throw allowanceInvalid(approval, "another amount");
        if (allowance.orderId() != null && !approval.orderId().equals(allowance.orderId())) throw allowanceInvalid(approval, "another order");
        if (allowance.itemId() != null && approval.itemId() != null && !approval.itemId().equals(allowance.itemId())) {
            throw allowanceInvalid(approval, "another item");
        }
        if (!Ids.isWellFormed(allowance.allowanceId())) throw allowanceInvalid(approval, "no allowance id");
        if (allowance.pseudonym() == null || allowance.pseudonym().isEmpty() || allowance.pseudonym().length() > 128) {
            throw allowanceInvalid(approval, "no pseudonym");
        }
        return allowance;
    }

    private ApprovalClaims approvalClaims(String token) {
        JWTClaimsSet claims;
        try {
            claims = issuerVerifier.verify(token, ApprovalClaims.TYPE, merchantId);
        } catch (TokenException e) {
            throw new ContentpayException(approvalCode(e.reason()), "The approval was refused (" + reasonOf(e) + ").");
        }
        try {
            ApprovalClaims approval = ApprovalClaims.from(claims);
            Objects.requireNonNull(approval.orderId(), "order");
            if (!Ids.isWellFormed(approval.approvalId())) throw new IllegalArgumentException("approval id");
            return approval;
        } catch (RuntimeException e) {
            throw new ContentpayException(ErrorCode.APPROVAL_INVALID, "The approval lacks a field or has a wrong one.");
        }
    }

    private static ErrorCode approvalCode(TokenException.Reason reason) {
        return switch (reason) {
            case WRONG_AUDIENCE -> ErrorCode.APPROVAL_WRONG_MERCHANT;
            case EXPIRED -> ErrorCode.APPROVAL_EXPIRED;
            case WRONG_ENVIRONMENT -> ErrorCode.SANDBOX_TOKEN;
            default -> ErrorCode.APPROVAL_INVALID;
        };
    }

    private static ContentpayException allowanceInvalid(ApprovalClaims approval, String why) {
        // Either the issuer's keys changed under us or someone forged an answer: an operator must look.
        LOG.error("the issuer's allowance for approval {} does not verify: {}; nothing settled", approval.approvalId(), why);
        return new ContentpayException(ErrorCode.ALLOWANCE_INVALID);
    }

    private static String reasonOf(TokenException e) {
        return e.reason().name().toLowerCase(java.util.Locale.ROOT);
    }
}
