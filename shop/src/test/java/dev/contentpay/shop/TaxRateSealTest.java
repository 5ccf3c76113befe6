package dev.contentpay.shop;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.KeyFiles;
import dev.contentpay.platform.crypto.TokenException;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.crypto.TokenVerifier;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PurchasingInfoSeal;
import dev.contentpay.protocol.PurchasingInformation;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumption tax rate in the seal: sealed and opened, optional for seals made before it, and only 10 or 8. */
class TaxRateSealTest {

    private static final OctetKeyPair KEY = KeyFiles.generate("sakura-shop-1");
    private static final TokenSigner SIGNER = new TokenSigner(KEY);
    private static final TokenVerifier VERIFIER = TokenVerifier.forIssuer("sakura", new JWKSet(KEY.toPublicJWK()), Clock.systemUTC());
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @Test
    void theReducedRateIsSealedAndOpened() throws TokenException {
        var info = new PurchasingInformation("ord_1", "sakura", "ringtone", "audio", "Chime", Money.of(150, "JPY"),
                URI.create("http://127.0.0.1:8082"), NOW, NOW.plus(Duration.ofMinutes(15)), 8);

        assertThat(PurchasingInfoSeal.open(VERIFIER, PurchasingInfoSeal.seal(SIGNER, info))).isEqualTo(info);
    }

    @Test
    void aSealMadeBeforeRatesWereSealedOpensStandardRated() throws TokenException {
        assertThat(PurchasingInfoSeal.open(VERIFIER, seal(null)).taxRate()).isEqualTo(10);
    }

    @Test
    void aSealWithAnotherRateOrARateAsTextIsMalformed() {
        for (Object rate : new Object[]{5, 0, "8", 8.5}) {
            assertThatThrownBy(() -> PurchasingInfoSeal.open(VERIFIER, seal(rate))).as("tax_rate %s", rate)
                    .isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.MALFORMED));
        }
    }

    /** A seal as the shop makes it, with {@code rate} as its tax_rate claim, or none when null. */
    private static String seal(Object rate) {
        var claims = new JWTClaimsSet.Builder().issuer("sakura").jwtID("ord_1").issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(15)))).claim("item", "ringtone").claim("kind", "audio")
                .claim("title", "Chime").claim("amount", 150L).claim("currency", "JPY").claim("settle_at", "http://127.0.0.1:8082");
        if (rate != null) claims.claim("tax_rate", rate);
        return SIGNER.sign(PurchasingInfoSeal.TYPE, claims.build());
    }
}
