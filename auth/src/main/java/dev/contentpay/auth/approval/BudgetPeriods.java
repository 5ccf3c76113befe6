package dev.contentpay.auth.approval;

import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.time.BillingZone;

import java.time.Instant;

/**
 * Which budget a purchase counts against: a credit subscriber's calendar month in the issuer's
 * billing zone ({@code billing.zone}), or a prepaid or points balance. The month is cut by
 * {@link BillingZone}, as statements and daily totals are.
 */
public final class BudgetPeriods {

    private final BillingZone zone;

    public BudgetPeriods(BillingZone zone) {
        this.zone = zone;
    }

    /** The billing zone the months are cut in. */
    public BillingZone zone() {
        return zone;
    }

    /** The calendar month (in the billing zone) a credit purchase at {@code at} counts against. */
    public String monthOf(Instant at) {
        return zone.monthOf(at);
    }

    /** The budget a purchase by {@code subscriber} at {@code at} counts against. */
    public String periodOf(Subscriber subscriber, Instant at) {
        return switch (subscriber.limitKind()) {
            case CREDIT -> monthOf(at);
            case PREPAID -> BudgetStore.PREPAID_PERIOD;
            case POINTS -> BudgetStore.POINTS_PERIOD;
        };
    }
}
