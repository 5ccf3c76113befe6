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
}
