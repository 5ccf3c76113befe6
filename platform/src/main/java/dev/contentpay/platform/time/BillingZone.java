package dev.contentpay.platform.time;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The time zone an issuer bills in, and every calendar boundary cut in it: the month a monthly limit
 * and a statement cover, the day of daily totals and of reconciliation. A purchase at 23:59 on the
 * last day of a month in Tokyo counts against that month even though it is 14:59 UTC. This is the
 * one place such boundaries are computed; no server cuts a day or a month on its own.
 *
 * <p>Only what people read is local: pages and printed statements show {@link #display(Instant)}
 * with the zone named ({@code 2026-12-31 23:59 JST}); JSON keeps instants in UTC (RFC 3339) and
 * calendar dates ({@code YYYY-MM-DD}) as days of this zone.
 */
public record BillingZone(ZoneId zone) {

    /** The zone when none is configured: UTC, as periods were cut before zones could be set. */
    public static final BillingZone UTC = new BillingZone(ZoneId.of("UTC"));

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT);
    // Locale.US for the zone's short name (JST, UTC); the root locale would write GMT+09:00.
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.US);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.US);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm z", Locale.US);
    /** The same in Japanese: {@code 2026年12月31日 23:59 JST}. */
    private static final DateTimeFormatter MINUTES_JA = DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm z", Locale.JAPAN);
    private static final DateTimeFormatter DAY_JA = DateTimeFormatter.ofPattern("uuuu年M月d日", Locale.JAPAN);

    public BillingZone {
        Objects.requireNonNull(zone, "zone");
    }

    /** The zone named by a region id such as {@code Asia/Tokyo} or {@code UTC}; IllegalArgumentException for anything else. */
    public static BillingZone of(String id) {
        try {
            return new BillingZone(ZoneId.of(Objects.requireNonNull(id, "id").trim()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a time zone id: " + id, e);
        }
    }

    /** The zone's id, as configured: {@code Asia/Tokyo}. */
    public String id() {
        return zone.getId();
    }

    /** The billing month {@code at} falls in, {@code yyyy-MM}: a monthly limit's period and a statement's month. */
    public String monthOf(Instant at) {
        return MONTH.format(at.atZone(zone));
    }

    /** The billing day {@code at} falls in. */
    public LocalDate dayOf(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /** Today, in this zone, by {@code clock}. */
    public LocalDate today(Clock clock) {
        return dayOf(clock.instant());
    }

    /** The first instant of {@code day} in this zone, in epoch milliseconds (the stores' unit). */
    public long startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** The first instant after {@code day} in this zone, in epoch milliseconds: days are half-open, [start, end). */
    public long endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    /** {@code at} for people, to the minute, with the zone named: {@code 2026-12-31 23:59 JST}. */
    public String display(Instant at) {
        return MINUTES.format(at.atZone(zone));
    }

    /** {@code at} for people reading {@code locale}: {@code 2026年12月31日 23:59 JST} in Japanese, else as {@link #display(Instant)}. */
    public String display(Instant at, Locale locale) {
        return "ja".equals(locale.getLanguage()) ? MINUTES_JA.format(at.atZone(zone)) : display(at);
    }

    /** A day for people reading {@code locale}: {@code 2026年12月31日} in Japanese, {@code 2026-12-31} otherwise. */
    public static String displayDay(LocalDate day, Locale locale) {
        return "ja".equals(locale.getLanguage()) ? DAY_JA.format(day) : day.toString();
    }

    /** {@code at} for operators, to the second, with the zone named: {@code 2026-12-31 23:59:30 JST}. */
    public String displaySeconds(Instant at) {
        return SECONDS.format(at.atZone(zone));
    }

    /** The time of day of {@code at} with the zone named: {@code 23:59 JST}. */
    public String displayTime(Instant at) {
        return CLOCK.format(at.atZone(zone));
    }

    /** Reads the {@code billing.zone} setting; {@code cuts} says what this server cuts in it. */
    public static BillingZone read(dev.contentpay.platform.config.ConfigReader r, String cuts) {
        String id = r.string("billing.zone", UTC.id(), "the time zone (a region id such as Asia/Tokyo) in which " + cuts
                + " are cut; pages show times in it with the zone named, JSON keeps UTC instants");
        try {
            return of(id);
        } catch (IllegalArgumentException e) {
            r.check(false, "billing.zone must be a time zone id such as Asia/Tokyo or UTC, not '" + id + "'");
            return UTC;
        }
    }
}
