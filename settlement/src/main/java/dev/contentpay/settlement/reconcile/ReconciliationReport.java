package dev.contentpay.settlement.reconcile;

import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.ledger.LedgerCheck;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The day's comparison of the issuer's charges and refunds for this merchant with ours (invariant
 * 3, money is conserved). Clean when there is no mismatch and our ledger's invariants hold.
 */
public record ReconciliationReport(String merchantId, LocalDate date, String currency, Totals settlement, Totals issuer,
                                   List<Mismatch> mismatches, LedgerCheck ledger, boolean clean, Instant checkedAt) {

    /** One side's totals of the day: how many charges and refunds, for how much. */
    public record Totals(int charges, Money charged, int refunds, Money refunded) {
    }
}
