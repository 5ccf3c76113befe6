package dev.contentpay.protocol.admin;

import dev.contentpay.platform.money.Money;

/** What an operator sees of a subscriber: never a credential. */
public record SubscriberView(String id, String displayName, String status, String limitKind, Money limit, Money reserved,
                             Money charged, Money remaining, Money pinThreshold, String bureauReference) {
}
