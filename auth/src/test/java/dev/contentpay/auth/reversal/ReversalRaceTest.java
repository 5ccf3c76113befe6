package dev.contentpay.auth.reversal;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.BudgetPeriods;
import dev.contentpay.auth.approval.TestCharges;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.audit.JdbiAuditStore;
import dev.contentpay.auth.event.MerchantEvents;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Races;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.ReversalAnswer;
import dev.contentpay.protocol.ReversalView;
import dev.contentpay.protocol.admin.OpenReversalRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reversals racing one another and the merchant's refunds of the same charge, on the real
 * database of the run (SQLite, or PostgreSQL in that half of the suite): one reversal of a charge
 * opens, one answer wins, and whatever order refunds and an accepted reversal land in, no more than
 * the charge goes back, each amount exactly once in member use information and the budget.
 */
class ReversalRaceTest {

    private static final String MERCHANT = "testshop";
    private static final BudgetPeriods PERIODS = new BudgetPeriods(dev.contentpay.platform.time.BillingZone.UTC);

    @TempDir
    Path dir;
    Database db;
    final Clock clock = Clock.systemUTC();
    TestCharges charges;
    ReversalService reversals;

    @BeforeEach
    void open() {
        db = Database.open("auth-reversals", TestDatabases.url(dir, "auth"), "auth", 4);
        charges = TestCharges.open(db, clock, MERCHANT, 0);
        var audit = new AuditLog(db, new JdbiAuditStore(), clock);
        reversals = new ReversalService(db, charges.approvals(), charges.refunds(), audit, new MerchantEvents(charges.events(), clock, dev.contentpay.platform.crypto.Environment.of(false)), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void ofEightOpeningsRacingOverOneChargeOneOpensAndTheOthersAreReversalOpen() throws Exception {
        Approval a = charged(100);

        List<ErrorCode> outcomes = Races.outcomes(8, i -> reversals.open("admin", new OpenReversalRequest(a.allowanceId(), "duplicate", null)));

        assertThat(outcomes).filteredOn(Objects::isNull).hasSize(1);
        assertThat(outcomes).filteredOn(Objects::nonNull).containsOnly(ErrorCode.REVERSAL_OPEN);
    }

    @Test
    void anAcceptRacingAContestAndRefundsGivesBackNoMoreThanTheChargeEachAmountOnce() throws Exception {
        String subscriber = charges.subscriber("PREPAID", dev.contentpay.auth.approval.BudgetStore.PREPAID_PERIOD, 1_000);
        Approval a = charges.charged(subscriber, dev.contentpay.auth.approval.BudgetStore.PREPAID_PERIOD, 100, 10, clock.instant());
        ReversalView r = reversals.open("admin", new OpenReversalRequest(a.allowanceId(), "not_received", null));

        // Runs 0 and 1 answer the reversal (accept, contest); the others are the merchant's refunds of 30 each, sent before it learned of it.
        List<ErrorCode> outcomes = Races.outcomes(6, i -> {
            if (i == 0) reversals.answer(MERCHANT, new ReversalAnswer(r.id(), ReversalAnswer.ACCEPT, null));
            else if (i == 1) reversals.answer(MERCHANT, new ReversalAnswer(r.id(), ReversalAnswer.CONTEST, "it was delivered"));
            else charges.refunds().refund(MERCHANT, new RefundRequest("rfd_race_" + i, a.allowanceId(), a.settlementId(), Money.of(30, "JPY"),
                    clock.instant()));
        });

        assertThat(outcomes.subList(0, 2)).as("one answer wins, the other finds it answered").containsExactlyInAnyOrder(null, ErrorCode.REVERSAL_NOT_OPEN);
        assertThat(outcomes).filteredOn(Objects::nonNull).isSubsetOf(ErrorCode.REVERSAL_NOT_OPEN, ErrorCode.REFUND_EXCEEDS_REMAINING);
        ReversalView after = reversals.find(r.id());
        long refunds = outcomes.subList(2, 6).stream().filter(Objects::isNull).count() * 30;
        long byReversal = after.refunded() == null ? 0 : after.refunded().amount();
        db.withHandle(h -> {
            long refunded = charges.approvals().refunded(h, a.id());
            assertThat(refunded).isLessThanOrEqualTo(100).isEqualTo(refunds + byReversal);
            assertThat(charges.approvals().useEntrySum(h, a.id(), "REFUND")).isEqualTo(refunded);
            assertThat(charges.budgets().get(h, subscriber, a.period()).charged()).isEqualTo(100 - refunded);
            return null;
        });
        if (ReversalView.ACCEPTED.equals(after.status())) {
            assertThat(refunds + byReversal).as("an accepted reversal gives back what the refunds left").isEqualTo(100);
        } else {
            assertThat(after.status()).isEqualTo(ReversalView.CONTESTED);
            assertThat(after.refunded()).isNull();
        }
    }

    private Approval charged(long price) {
        String period = PERIODS.monthOf(clock.instant());
        return charges.charged(charges.subscriber("CREDIT", period, 10_000), period, price, 10, clock.instant());
    }
}
