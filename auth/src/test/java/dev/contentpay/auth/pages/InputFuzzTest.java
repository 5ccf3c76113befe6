package dev.contentpay.auth.pages;

import dev.contentpay.auth.BasicCredentials;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing what a subscriber types or sends to auth's subscriber face (docs/RELIABILITY.md): HTTP
 * Basic credentials are parsed or refused (null, answered as {@code bad_credentials}), never an
 * exception, and what is accepted reads back the same; an amount typed on a page is an exact,
 * non-negative amount of the account's currency or {@code validation_failed}, never rounded.
 */
class InputFuzzTest {

    @Property
    void basicCredentialsAreParsedExactlyOrRefused(@ForAll("authorizations") String header) {
        BasicCredentials credentials = BasicCredentials.parse(header);
        if (credentials == null) return;
        assertThat(credentials.subscriberId()).isNotEmpty().hasSizeLessThanOrEqualTo(64).doesNotContain(":");
        assertThat(credentials.password()).isNotEmpty().hasSizeLessThanOrEqualTo(256);
        String again = "Basic " + Base64.getEncoder().encodeToString((credentials.subscriberId() + ":" + credentials.password())
                .getBytes(StandardCharsets.UTF_8));
        assertThat(BasicCredentials.parse(again)).isEqualTo(credentials);
    }

    @Property
    void aTypedAmountIsExactOrRefused(@ForAll("typedAmounts") String typed, @ForAll("currencies") String currency) {
        Money money;
        try {
            money = AmountInput.parse(typed, currency);
        } catch (ContentpayException refused) {
            assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            return;
        }
        assertThat(money.currency()).isEqualTo(currency);
        assertThat(money.amount()).isNotNegative();
        String digits = typed.replaceAll("[^0-9.]", "");
        int fraction = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
        assertThat(BigDecimal.valueOf(money.amount()).movePointLeft(fraction).compareTo(new BigDecimal(digits)))
                .as("%s read as %s", typed, money).isZero();
    }

    @Provide
    Arbitrary<String> authorizations() {
        Arbitrary<String> pair = Combinators.combine(Arbitraries.strings().ofMaxLength(70), Arbitraries.strings().ofMaxLength(260))
                .as((id, pw) -> id + ":" + pw);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(b -> "Basic " + Base64.getEncoder().encodeToString(b)),
                pair.map(p -> "Basic " + Base64.getEncoder().encodeToString(p.getBytes(StandardCharsets.UTF_8))),
                pair.map(p -> "bAsIc   " + Base64.getEncoder().encodeToString(p.getBytes(StandardCharsets.UTF_8)) + "  "),
                Arbitraries.strings().ofMaxLength(60).map(s -> "Basic " + s));
    }

    @Provide
    Arbitrary<String> typedAmounts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789.,¥￥$€ -+e").ofMaxLength(25),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("9223372036854775807", "9223372036854775808", "92233720368547758.08", "1e3", "٣٠٠", "５０００", "0.000", "00012"));
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.of("JPY", "EUR", "USD", "KWD");
    }
}
