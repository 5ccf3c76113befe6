package dev.contentpay.protocol;

import dev.contentpay.platform.money.Money;

/** A payment allowance ([0069]): the signed token and what it says. */
public record JudgeResponse(String verdict, String allowance, String allowanceId, String approvalId, String pseudonym,
                            Money amount) {
}
