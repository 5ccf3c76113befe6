package dev.contentpay.settlement.operator;

import java.util.List;
import java.util.Optional;

/** The reads behind the operator's page, kept apart from {@link MerchantView} so that its SQL lives in a store. */
public interface MerchantViewStore {

    /** A settled or refunded amount and when, in epoch millis: one row of a day's totals. */
    record DatedAmount(long at, long amount) {
    }

    List<MerchantView.SettlementRow> latestSettlements(int limit);

    List<MerchantView.RefusalRow> latestRefusals(int limit);

    /** The settlements in {@code currency} from {@code from} (epoch millis) on. */
    List<DatedAmount> settledSince(long from, String currency);

    /** The refunds in {@code currency} from {@code from} (epoch millis) on. */
    List<DatedAmount> refundedSince(long from, String currency);

    /** The currency most settlements are in; empty when there are none. */
    Optional<String> mostUsedCurrency();
}
