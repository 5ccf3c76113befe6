package dev.contentpay.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.Receipt;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Checks a receipt without asking anyone: its transaction record is the payment allowance the
 * issuer signed for the purchase, so whoever holds the issuer's public keys (its JWK set, published
 * at {@code GET /v1/keys} on the issuer's subscriber face) can tell that the issuer allowed this
 * merchant this amount for this order, item and approval, and when, and that the receipt says the
 * same. An auditor, a court or the buyer's own bookkeeping can so trust a receipt the merchant
 * handed over without trusting the merchant.
 *
 * <p>What the record does not hold is the merchant's word alone: the settlement id, the title, the
 * content's SHA-256 and the download link. The content's hash is checked on every download instead
 * (by the settlement server against its catalog entry, and by {@link ContentpayClient#download}
 * against the receipt).
 *
 * <p>The record's expiry is the issuer's deadline for the payment notice, not the end of the
 * fact's truth: a receipt stays valid after it, as a bank statement does. A record dated in the
 * future is refused.
 */
public final class ReceiptVerifier {

    /** Clocks of issuer and verifier may differ by this much. */
    static final Duration SKEW = Duration.ofSeconds(30);
    /** Wide enough that a record's notice deadline never makes a receipt invalid. */
    private static final Duration IGNORE_EXPIRY = Duration.ofDays(365L * 100);

    /**
     * The outcome: {@code valid}, or why not, in a sentence; {@code record} is what the issuer signed,
     * when the signature held (null otherwise).
     */
    public record Verdict(boolean valid, String reason, AllowanceClaims record) {
        static Verdict refused(String reason) {
            return new Verdict(false, reason, null);
        }
    }

    private final TokenVerifier tokens;
    private final Clock clock;

    /**
     * A verifier trusting {@code issuerKeys}; with {@code issuer} non-null, only records that name
     * that issuer. With null, any issuer the keys signed for is accepted and named in the verdict.
     */
    public ReceiptVerifier(JWKSet issuerKeys, String issuer, Clock clock) {
        Objects.requireNonNull(issuerKeys, "issuerKeys");
        JWKSet keys = issuerKeys.toPublicJWKSet();
        this.tokens = new TokenVerifier(i -> issuer == null || issuer.equals(i) ? keys : null, clock, IGNORE_EXPIRY);
        this.clock = clock;
    }

    /**
     * The issuer's public keys from a JWK set file, or fetched once from an http(s) URL (the issuer's
     * {@code /v1/keys}).
     */
    public static JWKSet keys(String fileOrUrl) {
        try {
            if (fileOrUrl.startsWith("http://") || fileOrUrl.startsWith("https://")) {
                URI uri = URI.create(fileOrUrl);
                var response = new ServiceClient(uri, Duration.ofSeconds(10), ErrorCode.AUTH_UNAVAILABLE, null, Clock.systemUTC())
                        .getRaw(fileOrUrl);
                return JWKSet.parse(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)).toPublicJWKSet();
            }
            return JWKSet.parse(Files.readString(Path.of(fileOrUrl))).toPublicJWKSet();
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read the issuer's public keys from " + fileOrUrl + ": " + e.getMessage(), e);
        }
    }

    /**
     * A receipt from a file: the receipt's JSON as a purchase answers it, or a document holding it
     * under {@code receipt} (what {@code contentpay buy --json} prints). Fields it does not know are
     * ignored, so that a receipt from a newer server still reads.
     */
    public static Receipt readReceipt(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode tree = Json.MAPPER.readTree(bytes);
        if (tree != null && tree.isObject() && tree.get("receipt") != null && tree.get("receipt").isObject()) {
            bytes = Json.write(tree.get("receipt"));
        }
        return Json.readAnswer(bytes, Receipt.class);
    }

    public Verdict verify(Receipt receipt) {
        if (receipt == null) return Verdict.refused("There is no receipt.");
        if (receipt.transaction() == null || receipt.transaction().isBlank()) {
            return Verdict.refused("The receipt carries no transaction record signed by the issuer.");
        }
        AllowanceClaims record;
        try {
            record = AllowanceClaims.from(tokens.verify(receipt.transaction().strip(), AllowanceClaims.TYPE, null));
        } catch (TokenException e) {
            return Verdict.refused(sentence(e));
        } catch (RuntimeException e) {
            return Verdict.refused("The transaction record lacks a field or has a wrong one.");
        }
        if (record.issuedAt().isAfter(clock.instant().plus(SKEW))) {
            return Verdict.refused("The transaction record is dated " + record.issuedAt() + ", in the future.");
        }
        String mismatch = mismatch(receipt, record);
        return mismatch == null ? new Verdict(true, null, record) : new Verdict(false, mismatch, record);
    }

    /** The first field the receipt states otherwise than the issuer signed, as a sentence; null when all agree. */
    private static String mismatch(Receipt r, AllowanceClaims t) {
        if (!Objects.equals(r.merchantId(), t.merchantId())) return differs("merchant", r.merchantId(), t.merchantId());
        if (!Objects.equals(r.orderId(), t.orderId())) return differs("order", r.orderId(), t.orderId());
        if (!Objects.equals(r.approvalId(), t.approvalId())) return differs("approval", r.approvalId(), t.approvalId());
        if (t.itemId() != null && !Objects.equals(r.itemId(), t.itemId())) return differs("item", r.itemId(), t.itemId());
        if (!Objects.equals(r.amount(), t.amount())) {
            return differs("amount", r.amount() == null ? null : r.amount().plain(), t.amount().plain());
        }
        Instant settledAt = r.settledAt();
        if (settledAt == null || settledAt.isBefore(t.issuedAt().minus(SKEW))) {
            return "The receipt says it was settled at " + settledAt + ", before the issuer allowed the payment at " + t.issuedAt() + ".";
        }
        return null;
    }

    private static String differs(String field, String receipt, String record) {
        return "The receipt's " + field + " is " + receipt + " but the issuer signed " + record + ".";
    }

    private static String sentence(TokenException e) {
        return switch (e.reason()) {
            case WRONG_ISSUER -> "The transaction record was not issued by the issuer these keys are trusted for.";
            case UNKNOWN_KEY -> "The transaction record is signed with a key the issuer's key set does not hold.";
            case BAD_SIGNATURE -> "The transaction record's signature does not match: it was altered or signed by someone else.";
            case WRONG_TYPE, WRONG_ALGORITHM -> "The transaction record is not an issuer's payment allowance.";
            default -> "The transaction record cannot be read: " + e.getMessage() + ".";
        };
    }
}
