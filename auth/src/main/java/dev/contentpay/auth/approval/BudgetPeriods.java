package dev.contentpay.auth.approval;

import dev.contentpay.auth.subscriber.Subscriber;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Which budget a purchase counts against: a credit subscriber's calendar month, or a prepaid or points balance. */
public final class BudgetPeriods {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private BudgetPeriods() {
    }

    /** The calendar month (UTC) a credit purchase at {@code at} counts against. */
    public static String monthOf(Instant at) {
        return MONTH.format(at);
    }

    /** The budget a purchase by {@code subscriber} at {@code at} counts against. */
    public static String periodOf(Subscriber subscriber, Instant at) {
        return switch (subscriber.limitKind()) {
            case CREDIT -> monthOf(at);
            case PREPAID -> BudgetStore.PREPAID_PERIOD;
            case POINTS -> BudgetStore.POINTS_PERIOD;
        };
    }
}
