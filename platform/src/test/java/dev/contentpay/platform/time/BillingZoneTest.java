package dev.contentpay.platform.time;

import dev.contentpay.platform.config.ConfigException;
import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.config.ConfigSource;
import dev.contentpay.platform.money.ConsumptionTax;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingZoneTest {

    private final BillingZone tokyo = BillingZone.of("Asia/Tokyo");

    @Test
    void aMinuteBeforeAndAfterTokyoMidnightOnTheLastDayFallInTwoMonths() {
        Instant before = Instant.parse("2026-12-31T14:59:00Z"); // 23:59 JST
        Instant after = Instant.parse("2026-12-31T15:01:00Z");  // 00:01 JST on 1 January
        assertThat(tokyo.monthOf(before)).isEqualTo("2026-12");
        assertThat(tokyo.monthOf(after)).isEqualTo("2027-01");
        assertThat(BillingZone.UTC.monthOf(after)).isEqualTo("2026-12");
        assertThat(tokyo.dayOf(after)).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void aDayRunsFromLocalMidnightToLocalMidnight() {
        LocalDate day = LocalDate.of(2027, 1, 1);
        assertThat(Instant.ofEpochMilli(tokyo.startOf(day))).isEqualTo(Instant.parse("2026-12-31T15:00:00Z"));
        assertThat(Instant.ofEpochMilli(tokyo.endOf(day))).isEqualTo(Instant.parse("2027-01-01T15:00:00Z"));
    }

    @Test
    void timesForPeopleAreLocalWithTheZoneNamed() {
        Instant at = Instant.parse("2026-12-31T14:59:30Z");
        assertThat(tokyo.display(at)).isEqualTo("2026-12-31 23:59 JST");
        assertThat(tokyo.displaySeconds(at)).isEqualTo("2026-12-31 23:59:30 JST");
        assertThat(tokyo.displayTime(at)).isEqualTo("23:59 JST");
        assertThat(BillingZone.UTC.display(at)).isEqualTo("2026-12-31 14:59 UTC");
        assertThat(tokyo.display(at, java.util.Locale.JAPANESE)).isEqualTo("2026年12月31日 23:59 JST");
        assertThat(tokyo.display(at, java.util.Locale.ENGLISH)).isEqualTo("2026-12-31 23:59 JST");
        assertThat(BillingZone.displayDay(java.time.LocalDate.of(2027, 1, 5), java.util.Locale.JAPANESE)).isEqualTo("2027年1月5日");
        assertThat(BillingZone.displayDay(java.time.LocalDate.of(2027, 1, 5), java.util.Locale.ENGLISH)).isEqualTo("2027-01-05");
    }

    @Test
    void theSettingIsUtcByDefaultAndAnUnknownZoneIsAProblemOfTheConfiguration() {
        var none = new ConfigReader(ConfigSource.of("auth", Map.of()));
        assertThat(BillingZone.read(none, "months")).isEqualTo(BillingZone.UTC);
        none.validate();

        var tokyo = new ConfigReader(ConfigSource.of("auth", Map.of("billing.zone", "Asia/Tokyo")));
        assertThat(BillingZone.read(tokyo, "months").id()).isEqualTo("Asia/Tokyo");

        var mars = new ConfigReader(ConfigSource.of("auth", Map.of("billing.zone", "Mars/Olympus")));
        BillingZone.read(mars, "months");
        assertThatThrownBy(mars::validate).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                .containsExactly("billing.zone must be a time zone id such as Asia/Tokyo or UTC, not 'Mars/Olympus'"));
    }

    @Test
    void aRegistrationNumberSettingIsEmptyOrTAndThirteenDigits() {
        var good = new ConfigReader(ConfigSource.of("settlement", Map.of("invoice.registration-number", "T2010001000008")));
        assertThat(ConsumptionTax.readRegistrationNumber(good, "receipts")).isEqualTo("T2010001000008");
        assertThat(ConsumptionTax.readRegistrationNumber(new ConfigReader(ConfigSource.of("settlement", Map.of())), "receipts")).isEmpty();

        var bad = new ConfigReader(ConfigSource.of("settlement", Map.of("invoice.registration-number", "2010001000008")));
        ConsumptionTax.readRegistrationNumber(bad, "receipts");
        assertThatThrownBy(bad::validate).isInstanceOf(ConfigException.class).hasMessageContaining("T and 13 digits");
    }

    @Test
    void anUnknownZoneIsRefused() {
        assertThatThrownBy(() -> BillingZone.of("Mars/Olympus")).isInstanceOf(IllegalArgumentException.class);
    }
}
