package dev.contentpay.platform.money;

import dev.contentpay.platform.http.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void moneyIsIntegerMinorUnitsOnTheWire() {
        assertThat(Json.writeString(Money.of(300, "JPY"))).isEqualTo("{\"amount\":300,\"currency\":\"JPY\"}");
        assertThat(Json.read("{\"amount\":300,\"currency\":\"JPY\"}".getBytes(), Money.class)).isEqualTo(Money.of(300, "JPY"));
    }

    @Test
    void aFractionalAmountOrAnUnknownCurrencyIsRefused() {
        assertThatThrownBy(() -> Json.read("{\"amount\":1.5,\"currency\":\"JPY\"}".getBytes(), Money.class)).hasMessageContaining("validation_failed");
        assertThatThrownBy(() -> Json.read("{\"amount\":1,\"currency\":\"XYZ\"}".getBytes(), Money.class)).hasMessageContaining("validation_failed");
        assertThatThrownBy(() -> Json.read("{\"amount\":\"1\",\"currency\":\"JPY\"}".getBytes(), Money.class)).hasMessageContaining("validation_failed");
    }

    @Test
    void arithmeticRefusesMixedCurrenciesAndOverflow() {
        assertThatThrownBy(() -> Money.of(1, "JPY").plus(Money.of(1, "EUR"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of(Long.MAX_VALUE, "JPY").plus(Money.of(1, "JPY"))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void peopleReadPricesWithTheCurrencysSymbolAndDigitsAndYenAsEnInJapanese() {
        assertThat(Money.of(1200, "JPY").display(java.util.Locale.ENGLISH)).isEqualTo("¥1,200");
        assertThat(Money.of(1200, "JPY").display(java.util.Locale.JAPANESE)).isEqualTo("1,200円");
        assertThat(Money.of(150, "EUR").display(java.util.Locale.ENGLISH)).isEqualTo("€1.50");
        assertThat(Money.of(500, "CHF").display(java.util.Locale.ENGLISH)).isEqualTo("CHF 5.00");
        assertThat(Money.of(5, "USD").display(java.util.Locale.ENGLISH)).isEqualTo("$0.05");
        assertThat(Money.of(1500, "BHD").display(java.util.Locale.ENGLISH)).isEqualTo("BHD 1.500");
        assertThat(Money.of(123456789, "USD").display(java.util.Locale.JAPANESE)).isEqualTo("$1,234,567.89");
        assertThat(Money.of(1200, "JPY").plain()).isEqualTo("1,200 JPY");
        assertThat(Money.of(150, "EUR").plain()).isEqualTo("1.50 EUR");
        assertThat(Money.of(-150, "EUR").plain()).isEqualTo("-1.50 EUR");
    }

    @Test
    void anAmountTypedByAPersonIsReadExactlyOrNotAtAll() {
        assertThat(Money.parse("5,000", "JPY")).contains(Money.of(5000, "JPY"));
        assertThat(Money.parse(" ¥5,000 ", "JPY")).contains(Money.of(5000, "JPY"));
        assertThat(Money.parse("5,000円", "JPY")).contains(Money.of(5000, "JPY"));
        assertThat(Money.parse("12.50", "EUR")).contains(Money.of(1250, "EUR"));
        assertThat(Money.parse("€12.5", "EUR")).contains(Money.of(1250, "EUR"));
        for (String refused : new String[]{"", "-5", "5.5", "5000.00", "1e3", "five", "12.345", "99999999999999999999"}) {
            assertThat(Money.parse(refused, refused.equals("12.345") ? "EUR" : "JPY")).as(refused).isEmpty();
        }
        assertThat(Money.parse("5", "XYZ")).isEmpty();
        assertThat(Money.ofUnits(new java.math.BigDecimal("12.50"), "EUR")).contains(Money.of(1250, "EUR"));
        assertThat(Money.ofUnits(new java.math.BigDecimal("12.505"), "EUR")).isEmpty();
        assertThat(Money.ofUnits(new java.math.BigDecimal("-1"), "JPY")).isEmpty();
    }

    @net.jqwik.api.Property
    void whatIsShownPlainlyIsReadBackAsTheSameAmount(@net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 1_000_000_000_000L) long amount,
                                                     @net.jqwik.api.ForAll("currencies") String currency) {
        Money m = Money.of(amount, currency);
        assertThat(Money.parse(m.plain().replace(" " + currency, ""), currency)).contains(m);
        assertThat(Money.parse(m.display(java.util.Locale.ENGLISH), currency)).contains(m);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> currencies() {
        return net.jqwik.api.Arbitraries.of("JPY", "EUR", "USD", "GBP", "CHF", "KWD");
    }
}
