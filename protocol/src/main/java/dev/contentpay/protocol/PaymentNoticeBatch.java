package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

import java.util.HashSet;
import java.util.List;

/**
 * Several payment notices in one call on the dedicated line: one exchange, one assertion and one
 * transaction at the issuer for all of them, each applied (or refused) on its own. A batch holds
 * 1 to {@value #MAX_NOTICES} notices, each allowance at most once.
 */
public record PaymentNoticeBatch(List<PaymentNotice> notices) {

    public static final int MAX_NOTICES = 100;

    public PaymentNoticeBatch {
        if (notices == null || notices.isEmpty()) throw ContentpayException.invalid("notices", "must hold at least one notice");
        if (notices.size() > MAX_NOTICES) throw ContentpayException.invalid("notices", "must hold at most " + MAX_NOTICES + " notices");
        var allowances = new HashSet<String>();
        for (PaymentNotice n : notices) {
            if (n == null) throw ContentpayException.invalid("notices", "must not hold null");
            if (!allowances.add(n.allowanceId())) throw ContentpayException.invalid("notices", "names allowance " + n.allowanceId() + " twice");
        }
        notices = List.copyOf(notices);
    }
}
