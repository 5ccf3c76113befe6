package dev.contentpay.shop;

import dev.contentpay.platform.money.Money;
import dev.contentpay.shop.web.PriceFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriceFormatTest {

    @Test
    void yenHaveNoMinorDigits() {
        assertThat(PriceFormat.format(Money.of(800, "JPY"))).isEqualTo("¥800");
        assertThat(PriceFormat.format(Money.of(1200, "JPY"))).isEqualTo("¥1,200");
    }

    @Test
    void otherCurrenciesShowTheirMinorDigits() {
        assertThat(PriceFormat.format(Money.of(150, "EUR"))).isEqualTo("€1.50");
        assertThat(PriceFormat.format(Money.of(5, "USD"))).isEqualTo("$0.05");
        assertThat(PriceFormat.format(Money.of(1500, "BHD"))).isEqualTo("BHD 1.500");
    }
}
