package dev.contentpay.client;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.AllowanceClaims;
import dev.contentpay.protocol.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receipt's transaction record is the issuer's signed allowance: the verifier accepts a receipt
 * only when the issuer's key signed the record and the receipt says what the record says.
 */
class ReceiptVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-06T07:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String ISSUER = "carrier";

    private final TokenSigner issuerKey = new TokenSigner(KeyFiles.generate("carrier-1"));
    private final JWKSet issuerKeys = new JWKSet(issuerKey.publicKey());
    private final ReceiptVerifier verifier = new ReceiptVerifier(issuerKeys, ISSUER, CLOCK);

    @Test
    void aReceiptWhoseRecordTheIssuerSignedAndThatSaysTheSameIsValid() {
        var verdict = verifier.verify(receipt(record("ord_1", 500), issuerKey));
        assertThat(verdict.valid()).as(verdict.reason()).isTrue();
        assertThat(verdict.record().issuer()).isEqualTo(ISSUER);
        assertThat(verdict.record().amount()).isEqualTo(Money.of(500, "JPY"));
        assertThat(verdict.record().itemId()).isEqualTo("game");
    }

    @Test
    void aTamperedAmountIsRefused() {
        Receipt r = receipt(record("ord_1", 500), issuerKey);
        var tampered = with(r, Map.of("amount", Money.of(5, "JPY")));
        var verdict = verifier.verify(tampered);
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("amount").contains("5").contains("500");
        assertThat(verdict.code()).isEqualTo("differs");
        assertThat(verdict.details()).containsExactly("amount", "5 JPY", "500 JPY");
    }

    @Test
    void aTamperedCurrencyOrItemOrMerchantIsRefused() {
        Receipt r = receipt(record("ord_1", 500), issuerKey);
        assertThat(verifier.verify(with(r, Map.of("amount", Money.of(500, "USD")))).valid()).isFalse();
        assertThat(verifier.verify(with(r, Map.of("itemId", "video"))).reason()).contains("item");
        assertThat(verifier.verify(with(r, Map.of("merchantId", "another"))).reason()).contains("merchant");
        assertThat(verifier.verify(with(r, Map.of("approvalId", "apv_other"))).reason()).contains("approval");
    }

    @Test
    void aTamperedRecordIsRefused() {
        Receipt r = receipt(record("ord_1", 500), issuerKey);
        String[] parts = r.transaction().split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("500", "5");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        var verdict = verifier.verify(with(r, Map.of("transaction", forged, "amount", Money.of(5, "JPY"))));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("signature");
    }

    @Test
    void aRecordOfAnotherPurchaseIsRefused() {
        Receipt mine = receipt(record("ord_1", 500), issuerKey);
        Receipt other = receipt(record("ord_2", 500), issuerKey);
        var verdict = verifier.verify(with(mine, Map.of("transaction", other.transaction())));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("order");
    }

    @Test
    void aRecordSignedWithAKeyTheIssuerDoesNotHoldIsRefused() {
        var stranger = new TokenSigner(KeyFiles.generate("stranger-1"));
        assertThat(verifier.verify(receipt(record("ord_1", 500), stranger)).reason()).contains("key");
        // The issuer's key id on someone else's key: the signature gives it away.
        var impostor = new TokenSigner(KeyFiles.generate("carrier-1"));
        assertThat(verifier.verify(receipt(record("ord_1", 500), impostor)).reason()).contains("signature");
    }

    @Test
    void aRecordOfAnotherIssuerIsRefusedWhenTheIssuerIsNamed() {
        var claims = new AllowanceClaims("alw_1", "another-issuer", "sakura", "psn_x", "apv_1", "ord_1", "game",
                Money.of(500, "JPY"), NOW.minusSeconds(60), NOW.plus(Duration.ofMinutes(14)));
        Receipt r = receipt(claims, issuerKey);
        assertThat(verifier.verify(r).valid()).isFalse();
        assertThat(verifier.verify(r).reason()).contains("issuer");
        // Without a named issuer the keys decide, and the verdict names who signed.
        var anyIssuer = new ReceiptVerifier(issuerKeys, null, CLOCK).verify(r);
        assertThat(anyIssuer.valid()).isTrue();
        assertThat(anyIssuer.record().issuer()).isEqualTo("another-issuer");
    }

    @Test
    void aReceiptStaysValidAfterTheIssuersNoticeDeadline() {
        Receipt r = receipt(record("ord_1", 500), issuerKey);
        var aYearLater = new ReceiptVerifier(issuerKeys, ISSUER, Clock.fixed(NOW.plus(Duration.ofDays(365)), ZoneOffset.UTC));
        assertThat(aYearLater.verify(r).valid()).isTrue();
    }

    @Test
    void aRecordDatedInTheFutureOrSettledBeforeItWasAllowedIsRefused() {
        var future = new AllowanceClaims("alw_1", ISSUER, "sakura", "psn_x", "apv_1", "ord_1", "game",
                Money.of(500, "JPY"), NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(2)));
        assertThat(verifier.verify(receipt(future, issuerKey)).reason()).contains("future");
        Receipt early = with(receipt(record("ord_1", 500), issuerKey), Map.of("settledAt", NOW.minus(Duration.ofHours(1))));
        assertThat(verifier.verify(early).reason()).contains("before the issuer allowed");
    }

    @Test
    void aReceiptWithoutARecordIsRefused() {
        var verdict = verifier.verify(with(receipt(record("ord_1", 500), issuerKey), java.util.Collections.singletonMap("transaction", null)));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("no transaction record");
    }

    @Test
    void aReceiptIsReadAloneOrInsideTheBuyCommandsJson(@TempDir Path dir) throws Exception {
        Receipt r = receipt(record("ord_1", 500), issuerKey);
        Path alone = dir.resolve("a.json");
        Files.write(alone, Json.write(r));
        Path wrapped = dir.resolve("b.json");
        Files.write(wrapped, Json.write(Map.of("status", "completed", "receipt", r)));
        assertThat(ReceiptVerifier.readReceipt(alone)).isEqualTo(r);
        assertThat(ReceiptVerifier.readReceipt(wrapped)).isEqualTo(r);
        Path keys = dir.resolve("carrier.public.jwks");
        Files.writeString(keys, issuerKeys.toString(true));
        assertThat(new ReceiptVerifier(ReceiptVerifier.keys(keys.toString()), ISSUER, CLOCK).verify(r).valid()).isTrue();
    }

    private static AllowanceClaims record(String orderId, long amount) {
        return new AllowanceClaims("alw_" + orderId, ISSUER, "sakura", "psn_x", "apv_" + orderId, orderId, "game",
                Money.of(amount, "JPY"), NOW.minusSeconds(60), NOW.plus(Duration.ofMinutes(14)));
    }

    /** The receipt settlement would write for {@code t}, its record signed by {@code signer}. */
    private static Receipt receipt(AllowanceClaims t, TokenSigner signer) {
        return new Receipt("stl_1", t.merchantId(), t.orderId(), t.itemId(), "Game", t.amount(), t.issuedAt().plusMillis(20), t.approvalId(),
                "text/html", 1024, "ab".repeat(32), "http://127.0.0.1:8083/v1/downloads/stl_1?token=t", NOW.plus(Duration.ofDays(1)),
                signer.sign(AllowanceClaims.TYPE, t.toClaims()), 10, null, null, null);
    }

    /** {@code r} with some fields changed, as someone editing the receipt's file would. */
    private static Receipt with(Receipt r, Map<String, Object> changes) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = Json.MAPPER.convertValue(r, java.util.LinkedHashMap.class);
        changes.forEach((k, v) -> fields.put(k, v == null ? null : Json.MAPPER.convertValue(v, Object.class)));
        return Json.MAPPER.convertValue(fields, Receipt.class);
    }
}
