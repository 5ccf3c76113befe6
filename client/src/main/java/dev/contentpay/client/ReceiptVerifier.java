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
import java.util.Arrays;
import java.util.List;
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
     * The outcome: {@code valid}, or why not, in an English sentence ({@code reason}) and as a stable
     * code with the values the sentence names ({@code code}, {@code details}), for a caller that
     * speaks another language; {@code record} is what the issuer signed, when the signature held
     * (null otherwise).
     */
    public record Verdict(boolean valid, String reason, AllowanceClaims record, String code, List<String> details) {
        public Verdict {
            details = details == null ? List.of() : List.copyOf(details);
        }
    }

    /** Why a receipt is not valid: a stable code, its English sentence and the values it names. */
    private record Reason(String code, String sentence, String... details) {
        /** The verdict this reason gives, beside what the issuer signed ({@code record}, null when the signature did not hold). */
        Verdict refusal(AllowanceClaims record) {
            return new Verdict(false, sentence, record, code, Arrays.asList(details));
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
        if (receipt == null) return new Reason("no_receipt", "There is no receipt.").refusal(null);
        if (receipt.transaction() == null || receipt.transaction().isBlank()) {
            return new Reason("no_record", "The receipt carries no transaction record signed by the issuer.").refusal(null);
        }
        AllowanceClaims record;
        try {
            record = AllowanceClaims.from(tokens.verify(receipt.transaction().strip(), AllowanceClaims.TYPE, null));
        } catch (TokenException e) {
            return reason(e).refusal(null);
        } catch (RuntimeException e) {
            return new Reason("record_malformed", "The transaction record lacks a field or has a wrong one.").refusal(null);
        }
        if (record.issuedAt().isAfter(clock.instant().plus(SKEW))) {
            return new Reason("record_in_future", "The transaction record is dated " + record.issuedAt() + ", in the future.",
                    record.issuedAt().toString()).refusal(null);
        }
        Reason mismatch = mismatch(receipt, record);
        return mismatch == null ? new Verdict(true, null, record, null, null) : mismatch.refusal(record);
    }

    /** The first field the receipt states otherwise than the issuer signed; null when all agree. */
    private static Reason mismatch(Receipt r, AllowanceClaims t) {
        if (!Objects.equals(r.merchantId(), t.merchantId())) return differs("merchant", r.merchantId(), t.merchantId());
        if (!Objects.equals(r.orderId(), t.orderId())) return differs("order", r.orderId(), t.orderId());
        if (!Objects.equals(r.approvalId(), t.approvalId())) return differs("approval", r.approvalId(), t.approvalId());
        if (t.itemId() != null && !Objects.equals(r.itemId(), t.itemId())) return differs("item", r.itemId(), t.itemId());
        if (!Objects.equals(r.amount(), t.amount())) {
            return differs("amount", r.amount() == null ? null : r.amount().plain(), t.amount().plain());
        }
        Instant settledAt = r.settledAt();
        if (settledAt == null || settledAt.isBefore(t.issuedAt().minus(SKEW))) {
            return new Reason("settled_before_allowed",
                    "The receipt says it was settled at " + settledAt + ", before the issuer allowed the payment at " + t.issuedAt() + ".",
                    String.valueOf(settledAt), t.issuedAt().toString());
        }
        return null;
    }

    /** {@code field}: merchant, order, approval, item or amount. */
    private static Reason differs(String field, String receipt, String record) {
        return new Reason("differs", "The receipt's " + field + " is " + receipt + " but the issuer signed " + record + ".",
                field, String.valueOf(receipt), String.valueOf(record));
    }

    private static Reason reason(TokenException e) {
        return switch (e.reason()) {
            case WRONG_ISSUER -> new Reason("wrong_issuer", "The transaction record was not issued by the issuer these keys are trusted for.");
            case UNKNOWN_KEY -> new Reason("unknown_key", "The transaction record is signed with a key the issuer's key set does not hold.");
            case BAD_SIGNATURE -> new Reason("bad_signature",
                    "The transaction record's signature does not match: it was altered or signed by someone else.");
            case WRONG_TYPE, WRONG_ALGORITHM -> new Reason("not_allowance", "The transaction record is not an issuer's payment allowance.");
            default -> new Reason("unreadable", "The transaction record cannot be read: " + e.getMessage() + ".", e.getMessage());
        };
    }
}
