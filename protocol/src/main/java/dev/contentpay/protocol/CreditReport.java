package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

import java.time.Instant;

/**
 * The bureau's answer about one person, under the bureau's own reference ([0048], [0063]): score,
 * delinquencies and outstanding debt. It never learns what is being bought.
 */
public record CreditReport(String reference, int score, int delinquencies, Money outstandingDebt, int monthsOfHistory,
                           Instant reportedAt) {
}
