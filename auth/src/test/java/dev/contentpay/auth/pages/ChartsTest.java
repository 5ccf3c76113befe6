package dev.contentpay.auth.pages;

import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.protocol.Statement;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

    private static final BillingZone TOKYO = BillingZone.of("Asia/Tokyo");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    private static final dev.contentpay.platform.web.PageLanguage ENGLISH = PageRenderer.WORDS.at(java.util.Locale.ENGLISH, "/account?lang=ja");
    private static final dev.contentpay.platform.web.PageLanguage JAPANESE = PageRenderer.WORDS.at(java.util.Locale.JAPANESE, "/account?lang=en");

    @Property
    void aBarIsNeverLongerThanItsAxisNorNegative(@ForAll long amount, @ForAll long max, @ForAll @IntRange(max = 10_000) int axis) {
        int length = Charts.length(amount, max, axis);
        assertThat(length).isBetween(0, axis);
        if (amount > 0 && max > 0 && axis > 0) assertThat(length).as("a positive amount is seen").isPositive();
    }

    @Property
    void aLargerAmountNeverDrawsAShorterBar(@ForAll @LongRange(max = Long.MAX_VALUE) long a, @ForAll @LongRange(max = Long.MAX_VALUE) long b,
                                           @ForAll @LongRange(min = 1) long max, @ForAll @IntRange(min = 1, max = 1000) int axis) {
        long small = Math.min(a, b), large = Math.max(a, b);
        assertThat(Charts.length(small, max, axis)).isLessThanOrEqualTo(Charts.length(large, max, axis));
    }

    @Property
    void everyUprightBarStandsInsideThePicture(@ForAll @Size(min = 1, max = 12) List<@LongRange(min = -1_000_000, max = 100_000_000) Long> amounts) {
        var figures = amounts.stream().map(a -> new Charts.Figure("m", "m", a)).toList();
        var chart = Charts.upright("c", "h", "s", "e", "l", "a", figures, "JPY", java.util.Locale.JAPANESE);
        for (var mark : chart.marks()) {
            assertThat(mark.h()).isBetween(0, chart.axis());
            assertThat(mark.y()).isGreaterThanOrEqualTo(0);
            assertThat(mark.y() + mark.h()).isLessThanOrEqualTo(chart.height());
            assertThat(mark.x()).isGreaterThanOrEqualTo(0);
            assertThat(mark.x() + mark.w()).isLessThanOrEqualTo(chart.width());
        }
        long max = amounts.stream().mapToLong(Long::longValue).max().orElseThrow();
        if (max > 0) assertThat(chart.marks()).anySatisfy(m -> assertThat(m.h()).isEqualTo(chart.axis()));
    }

    @Property
    void everyLyingBarLeavesRoomForItsAmount(@ForAll @Size(max = 20) List<@LongRange(min = 0, max = 100_000_000) Long> amounts) {
        var figures = amounts.stream().map(a -> new Charts.Figure("Sakura Contents", "Sakura Contents", a)).toList();
        var chart = Charts.lying("c", "h", "s", "e", "l", "a", figures, "JPY", java.util.Locale.JAPANESE);
        assertThat(chart.marks()).hasSize(amounts.size());
        for (var mark : chart.marks()) {
            assertThat(mark.w()).isBetween(0, chart.axis());
            assertThat(mark.y() + mark.h()).isLessThanOrEqualTo(chart.height());
            assertThat(mark.shownX()).isLessThan(chart.width());
        }
        assertThat(chart.isEmpty()).isEqualTo(amounts.stream().allMatch(a -> a == 0));
    }

    @Test
    void monthsAreCutInTheBillingZoneAndRefundsTakeFromTheirMonth() {
        var statement = statement(
                line("2026-11-30T15:30:00Z", "charge", "Sakura Contents", 800),   // 2026-12-01 00:30 JST: December
                line("2026-11-30T14:30:00Z", "charge", "Sakura Contents", 150),   // 2026-11-30 23:30 JST: November
                line("2026-12-02T00:00:00Z", "refund", "Sakura Contents", 100),
                line("2026-12-03T00:00:00Z", "void", "Sakura Contents", 1_200),
                line("2026-12-04T00:00:00Z", "charge", "Kumo Books", 900),
                line("2026-05-31T16:00:00Z", "charge", "Kumo Books", 500));       // June 1st JST: the oldest month shown

        var months = Charts.byMonth(statement, TOKYO, TODAY, ENGLISH);

        assertThat(months.marks()).extracting(Charts.Mark::label)
                .containsExactly("Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026");
        assertThat(months.marks()).extracting(Charts.Mark::amount).containsExactly(0L, 0L, 0L, 0L, 150L, 1_600L);
        assertThat(months.marks().get(5).shown()).isEqualTo("¥1,600");
        assertThat(months.marks().get(5).h()).isEqualTo(months.axis());

        var merchants = Charts.byMerchant(statement, TOKYO, TODAY, ENGLISH);
        assertThat(merchants.marks()).extracting(Charts.Mark::label).containsExactly("Kumo Books", "Sakura Contents");
        assertThat(merchants.marks()).extracting(Charts.Mark::amount).containsExactly(900L, 700L);
        assertThat(merchants.marks().get(0).w()).isEqualTo(merchants.axis());
        assertThat(merchants.marks().get(1).w()).isEqualTo(700 * merchants.axis() / 900);

        // The statement page's chart covers its whole period: June's Kumo Books purchase too.
        var period = Charts.byMerchantInPeriod(statement, ENGLISH);
        assertThat(period.marks()).extracting(Charts.Mark::label, Charts.Mark::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Kumo Books", 1_400L), org.assertj.core.groups.Tuple.tuple("Sakura Contents", 850L));
        assertThat(period.summary()).isEqualTo("Charges less refunds at each merchant from 2026-07-01 to 2026-12-06, largest first.");
    }

    @Test
    void aJapaneseChartHasJapaneseWordsMonthsAndAmounts() {
        var statement = statement(
                line("2026-11-30T15:30:00Z", "charge", "Sakura Contents", 800),
                line("2026-12-04T00:00:00Z", "charge", "Kumo Books", 900),
                line("2026-11-30T14:30:00Z", "charge", "Sakura Contents", 150));

        var months = Charts.byMonth(statement, TOKYO, TODAY, JAPANESE);
        var merchants = Charts.byMerchant(statement, TOKYO, TODAY, JAPANESE);
        var period = Charts.byMerchantInPeriod(statement, JAPANESE);

        assertThat(months.heading()).isEqualTo("月別のご利用額");
        assertThat(months.summary()).isEqualTo("直近6か月（2026年7月〜2026年12月）の各月のご利用額です。ご請求からご返金を差し引いた額を示します。");
        assertThat(months.marks()).extracting(Charts.Mark::label)
                .containsExactly("2026年7月", "2026年8月", "2026年9月", "2026年10月", "2026年11月", "2026年12月");
        assertThat(months.marks()).extracting(Charts.Mark::tag).containsExactly("7月", "8月", "9月", "10月", "11月", "12月");
        assertThat(months.marks().get(5).shown()).isEqualTo("1,700円");
        assertThat(months.labelHeader()).isEqualTo("月");
        assertThat(months.amountHeader()).isEqualTo("ご利用額");
        assertThat(merchants.heading()).isEqualTo("今月の加盟店別ご利用額");
        assertThat(merchants.summary()).startsWith("2026年12月の加盟店別");
        assertThat(period.summary()).startsWith("2026年7月1日から2026年12月6日までの加盟店別");
        assertThat(Charts.meter("残り", Money.of(9_200, "JPY"), Money.of(10_000, "JPY"), JAPANESE).text()).isEqualTo("残り 9,200円（上限 10,000円）");
        assertThat(Charts.byMonth(statement(), TOKYO, TODAY, JAPANESE).empty()).isEqualTo("直近6か月のご請求はありません。");
    }

    @Test
    void aMonthWithoutChargesDrawsNothingAndSaysSo() {
        var statement = statement(line("2026-12-03T00:00:00Z", "void", "Sakura Contents", 1_200));

        var months = Charts.byMonth(statement, TOKYO, TODAY, ENGLISH);
        var merchants = Charts.byMerchant(statement, TOKYO, TODAY, ENGLISH);

        assertThat(months.isEmpty()).isTrue();
        assertThat(months.empty()).isEqualTo("Nothing was charged in the last 6 months.");
        assertThat(merchants.isEmpty()).isTrue();
        assertThat(merchants.marks()).isEmpty();
        assertThat(merchants.empty()).isEqualTo("Nothing was charged this month.");
    }

    @Test
    void theMeterNeverGoesBelowZeroNorAboveTheLimit() {
        assertThat(Charts.meter("Left", Money.of(9_200, "JPY"), Money.of(10_000, "JPY"), ENGLISH))
                .extracting(Charts.Meter::value, Charts.Meter::max, Charts.Meter::text)
                .containsExactly(9_200L, 10_000L, "¥9,200 left of ¥10,000");
        assertThat(Charts.meter("Left", Money.of(0, "JPY"), Money.of(0, "JPY"), ENGLISH).max()).isEqualTo(1);
        assertThat(Charts.meter("Left", Money.of(-5, "JPY"), Money.of(500, "JPY"), ENGLISH).value()).isZero();
    }

    private static Statement statement(Statement.Line... lines) {
        var zero = Money.of(0, "JPY");
        return new Statement("alice", "credit", TODAY.minusMonths(5).withDayOfMonth(1), TODAY, zero, zero, zero, zero,
                Money.of(10_000, "JPY"), Money.of(10_000, "JPY"), List.of(lines), TOKYO.id(), null, List.of(), "live");
    }

    private static Statement.Line line(String at, String kind, String merchant, long amount) {
        return new Statement.Line(Instant.parse(at), kind, "ap", merchant, "item", "Title", Money.of(amount, "JPY"), 10, null);
    }
}
