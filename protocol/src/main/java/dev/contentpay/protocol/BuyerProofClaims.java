package dev.contentpay.protocol;

import com.nimbusds.jwt.JWTClaimsSet;

import java.time.Instant;
import java.util.Date;

/**
 * What a buyer proof says: the issuer knows the holder as {@code pseudonym} at {@code merchantId},
 * until {@code expiresAt}. The issuer gives it to a signed-in subscriber who asks for it, so that a
 * buyer on a new device, holding no approval of an earlier purchase, can show a merchant's
 * settlement server who they are there (to restore their purchases or download again) without the
 * merchant learning anything but the pseudonym it already knows. It buys nothing: it names no order
 * and no amount, and settlement accepts it only as proof of the pseudonym.
 */
public record BuyerProofClaims(String proofId, String issuer, String merchantId, String pseudonym, Instant issuedAt, Instant expiresAt) {

    public static final String TYPE = "buyer+jwt";

    public JWTClaimsSet toClaims() {
        return new JWTClaimsSet.Builder()
                .jwtID(proofId).issuer(issuer).audience(merchantId).subject(pseudonym)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt))
                .build();
    }
}
