package dev.contentpay.platform.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

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
    }

    @Test
    void anUnknownZoneIsRefused() {
        assertThatThrownBy(() -> BillingZone.of("Mars/Olympus")).isInstanceOf(IllegalArgumentException.class);
    }
}
