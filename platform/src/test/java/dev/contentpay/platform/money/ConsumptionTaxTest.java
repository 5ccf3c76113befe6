package dev.contentpay.platform.money;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumptionTaxTest {

    @Property
    void everyRatesNetAndTaxAddUpToItsGross(@ForAll("lines") List<ConsumptionTax.Line> lines) {
        for (var part : ConsumptionTax.perRate(lines)) {
            long gross = lines.stream().filter(l -> l.rate() == part.rate()).mapToLong(l -> l.inclusive().amount()).sum();
            assertThat(part.inclusive().amount()).isEqualTo(gross);
            assertThat(part.net().plus(part.tax()).amount()).isEqualTo(gross);
        }
    }

    @Property
    void taxIsNeverNegativeNorMoreThanTheGross(@ForAll("lines") List<ConsumptionTax.Line> lines) {
        for (var part : ConsumptionTax.perRate(lines)) {
            assertThat(part.tax().amount()).isBetween(0L, part.inclusive().amount());
            assertThat(part.net().amount()).isGreaterThanOrEqualTo(0L);
        }
    }

    @Property
    void eachRateIsRoundedDownOnceOnItsTotal(@ForAll("lines") List<ConsumptionTax.Line> lines) {
        for (var part : ConsumptionTax.perRate(lines)) {
            BigInteger gross = BigInteger.valueOf(part.inclusive().amount());
            long once = gross.multiply(BigInteger.valueOf(part.rate())).divide(BigInteger.valueOf(100 + part.rate())).longValueExact();
            assertThat(part.tax().amount()).isEqualTo(once);
        }
    }

    @Property
    void aRefundOfTheWholeInvoiceLeavesNoTax(@ForAll("lines") List<ConsumptionTax.Line> lines) {
        var both = new java.util.ArrayList<>(lines);
        lines.forEach(l -> both.add(new ConsumptionTax.Line(Money.of(-l.inclusive().amount(), "JPY"), l.rate())));
        ConsumptionTax.perRate(both).forEach(part -> assertThat(part.tax().amount()).isZero());
    }

    @Property
    void aRefundTakesBackExactlyTheTaxItsPurchaseStated(@ForAll("amount") long amount, @ForAll("rate") int rate) {
        assertThat(ConsumptionTax.taxIn(-amount, rate)).isEqualTo(-ConsumptionTax.taxIn(amount, rate));
    }

    @Test
    void roundingOncePerRateCanDifferFromRoundingEveryLine() {
        // Three ¥105 lines at 8 %: 7.77… each, 7 rounded per line (21), 23.33… once on ¥315 (23).
        var line = new ConsumptionTax.Line(Money.of(105, "JPY"), 8);
        var parts = ConsumptionTax.perRate(List.of(line, line, line));
        assertThat(parts).containsExactly(new ConsumptionTax.PerRate(8, Money.of(315, "JPY"), Money.of(23, "JPY")));
        assertThat(3 * ConsumptionTax.taxIn(105, 8)).isEqualTo(21);
    }

    @Test
    void ratesComeHighestFirstEachWithItsOwnTax() {
        var parts = ConsumptionTax.perRate(List.of(new ConsumptionTax.Line(Money.of(330, "JPY"), 10),
                new ConsumptionTax.Line(Money.of(216, "JPY"), 8), new ConsumptionTax.Line(Money.of(110, "JPY"), 10)));
        assertThat(parts).containsExactly(new ConsumptionTax.PerRate(10, Money.of(440, "JPY"), Money.of(40, "JPY")),
                new ConsumptionTax.PerRate(8, Money.of(216, "JPY"), Money.of(16, "JPY")));
    }

    @Test
    void onlyTheTwoJapaneseRatesAreRates() {
        assertThatThrownBy(() -> new ConsumptionTax.Line(Money.of(100, "JPY"), 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsumptionTax.taxIn(100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ConsumptionTax.orStandard(null)).isEqualTo(10);
    }

    @Test
    void pricesAreShownTaxInclusiveWithTheirRate() {
        assertThat(ConsumptionTax.displayInclusive(Money.of(330, "JPY"), 10, java.util.Locale.ENGLISH)).isEqualTo("¥330 (incl. 10% tax)");
        assertThat(ConsumptionTax.displayInclusive(Money.of(1080, "JPY"), 8, java.util.Locale.JAPANESE)).isEqualTo("1,080円 (税込, 8%)");
    }

    @Test
    void aRegistrationNumberIsTAndThirteenDigits() {
        assertThat(ConsumptionTax.isRegistrationNumber("T1234567890123")).isTrue();
        assertThat(ConsumptionTax.isRegistrationNumber("1234567890123")).isFalse();
        assertThat(ConsumptionTax.isRegistrationNumber("T123456789012")).isFalse();
        assertThat(ConsumptionTax.isRegistrationNumber("T12345678901234")).isFalse();
        assertThat(ConsumptionTax.isRegistrationNumber("t1234567890123")).isFalse();
        assertThat(ConsumptionTax.isRegistrationNumber("T１２３４５６７８９０１２３")).isFalse();
    }

    @Test
    void anAmountTooLargeToMultiplyIsRefusedNotWrapped() {
        assertThatThrownBy(() -> ConsumptionTax.taxIn(Long.MAX_VALUE / 5, 10)).isInstanceOf(ArithmeticException.class);
    }

    @Provide
    Arbitrary<List<ConsumptionTax.Line>> lines() {
        Arbitrary<ConsumptionTax.Line> line = Combinators.combine(amount(), rate())
                .as((amount, rate) -> new ConsumptionTax.Line(Money.of(amount, "JPY"), rate));
        return line.list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Long> amount() {
        return Arbitraries.longs().between(1, 10_000_000_000L);
    }

    @Provide
    Arbitrary<Integer> rate() {
        return Arbitraries.of(ConsumptionTax.STANDARD, ConsumptionTax.REDUCED);
    }
}
