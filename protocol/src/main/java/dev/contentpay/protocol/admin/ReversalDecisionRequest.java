package dev.contentpay.protocol.admin;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ReversalView;

/**
 * The issuer's decision on a contested reversal: {@code upheld} gives back {@code amount} (at most
 * the reversal's amount; without one, all of it) to the subscriber, {@code rejected} leaves the
 * merchant the money. {@code note} is shown to the merchant.
 */
public record ReversalDecisionRequest(String outcome, Money amount, String note) {
    public ReversalDecisionRequest {
        if (!ReversalView.UPHELD.equals(outcome) && !ReversalView.REJECTED.equals(outcome)) {
            throw ContentpayException.invalid("outcome", "must be upheld or rejected");
        }
        if (amount != null && !amount.isPositive()) throw ContentpayException.invalid("amount", "must be a positive amount");
        if (amount != null && ReversalView.REJECTED.equals(outcome)) throw ContentpayException.invalid("amount", "is given back only when upheld");
        note = ReversalView.checkedNote("note", note);
    }
}
