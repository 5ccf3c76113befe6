package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;
import java.util.List;

/**
 * A subscriber's view of their account: the limit, what is used of it, and the charges so far. A
 * credit {@code period} is a month of the issuer's billing zone, named by {@code zone}; times are
 * instants in UTC, which people read in that zone.
 */
public record History(String subscriberId, String limitKind, String period, Money limit, Money charged, Money reserved,
                      Money remaining, List<Entry> entries, String zone) {

    /** One approval of the subscriber and where it stands. */
    public record Entry(String approvalId, String merchantName, String itemId, String title, Money amount, String status,
                        Instant issuedAt, Instant chargedAt) {
    }
}
