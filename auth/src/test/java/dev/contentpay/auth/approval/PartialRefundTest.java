package dev.contentpay.auth.approval;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Races;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.RefundRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The issuer applies a merchant's refunds of one charge, in parts up to the charge, each once by
 * its refund id, with the points the charge earned taken back in proportion; on the real
 * database of the run (SQLite, or PostgreSQL in that half of the suite).
 */
class PartialRefundTest {

    private static final String MERCHANT = "testshop";
    private static final int EARN_PERCENT = 10;
    private static final BudgetPeriods PERIODS = new BudgetPeriods(dev.contentpay.platform.time.BillingZone.UTC);

    @TempDir
    Path dir;
    Database db;
    final Clock clock = Clock.systemUTC();
    ApprovalStore approvals;
    BudgetStore budgets;
    RefundService refunds;
    TestCharges charges;
    dev.contentpay.auth.event.JdbiMerchantEventStore events;

    @BeforeEach
    void open() {
        db = Database.open("auth-refunds", TestDatabases.url(dir, "auth"), "auth", 4);
        charges = TestCharges.open(db, clock, MERCHANT, EARN_PERCENT);
        approvals = charges.approvals();
        budgets = charges.budgets();
        refunds = charges.refunds();
        events = charges.events();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void twoPartialRefundsSummingToTheChargeApplyOnceEachAndAThirdIsRefused() {
        String subscriber = subscriber("CREDIT", PERIODS.monthOf(clock.instant()), 10_000);
        Approval a = charged(subscriber, PERIODS.monthOf(clock.instant()), 500);

        refunds.refund(MERCHANT, refund("rfd_one", a, 200));
        refunds.refund(MERCHANT, refund("rfd_one", a, 200));
        refunds.refund(MERCHANT, refund("rfd_two", a, 300));

        assertThatThrownBy(() -> refunds.refund(MERCHANT, refund("rfd_three", a, 1)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REFUND_EXCEEDS_REMAINING));
        db.withHandle(h -> {
            assertThat(approvals.find(h, a.id()).orElseThrow().status()).isEqualTo(Approval.Status.REFUNDED);
            assertThat(approvals.refunded(h, a.id())).isEqualTo(500);
            assertThat(budgets.get(h, subscriber, a.period()).charged()).isZero();
            List<DailyTotals.Entry> day = approvals.chargesAndRefunds(h, MERCHANT, 0, Long.MAX_VALUE);
            assertThat(day).extracting(e -> e.kind() + " " + e.refundId() + " " + e.amount().amount())
                    .containsExactly("charge null 500", "refund rfd_one 200", "refund rfd_two 300");
            return null;
        });
        // Each refund applied is one refund.applied event for the merchant, its repeat and the refused one none.
        var owed = events.after(MERCHANT, null, null, 10).stream().map(dev.contentpay.auth.event.WebhookDeliveriesAccess::eventOf).toList();
        assertThat(owed).extracting(e -> e.type() + " " + e.refundId() + " " + e.amount().amount() + " " + e.refunded().amount())
                .containsExactlyInAnyOrder("refund.applied rfd_one 200 200", "refund.applied rfd_two 300 500");
    }

    @Test
    void aPartialRefundLeavesTheChargeChargedAndARefundIdUsedForAnotherAmountIsRefused() {
        String subscriber = subscriber("CREDIT", PERIODS.monthOf(clock.instant()), 10_000);
        Approval a = charged(subscriber, PERIODS.monthOf(clock.instant()), 500);

        refunds.refund(MERCHANT, refund("rfd_part", a, 120));

        assertThatThrownBy(() -> refunds.refund(MERCHANT, refund("rfd_part", a, 121)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.AMOUNT_MISMATCH));
        db.withHandle(h -> {
            assertThat(approvals.find(h, a.id()).orElseThrow().status()).isEqualTo(Approval.Status.CHARGED);
            assertThat(budgets.get(h, subscriber, a.period()).charged()).isEqualTo(380);
            return null;
        });
    }

    @Test
    void pointsEarnedAreTakenBackInProportionRoundingDownAndAllOfThemByTheLastRefund() {
        String subscriber = subscriber("POINTS", BudgetStore.POINTS_PERIOD, 1_000);
        Approval a = charged(subscriber, BudgetStore.POINTS_PERIOD, 333);
        // 10 % of 333 earned 33 points: 1,000 + 33 - 333 spent leaves 700.
        assertThat(remaining(subscriber)).isEqualTo(700);

        refunds.refund(MERCHANT, refund("rfd_p1", a, 100));
        assertThat(revoked(a)).containsExactly(9L);
        refunds.refund(MERCHANT, refund("rfd_p2", a, 100));
        assertThat(revoked(a)).containsExactly(9L, 10L);
        refunds.refund(MERCHANT, refund("rfd_p3", a, 133));

        assertThat(revoked(a)).containsExactly(9L, 10L, 14L);
        assertThat(remaining(subscriber)).as("every point spent came back, every point earned went").isEqualTo(1_000);
    }

    @Test
    void ofPartialRefundsRacingOverTheRemainderExactlyOneApplies() throws Exception {
        String subscriber = subscriber("CREDIT", PERIODS.monthOf(clock.instant()), 10_000);
        Approval a = charged(subscriber, PERIODS.monthOf(clock.instant()), 100);
        List<ErrorCode> outcomes = Races.outcomes(8, i -> refunds.refund(MERCHANT, refund("rfd_race_" + i, a, 60)));

        assertThat(outcomes).filteredOn(java.util.Objects::isNull).hasSize(1);
        assertThat(outcomes).filteredOn(java.util.Objects::nonNull).containsOnly(ErrorCode.REFUND_EXCEEDS_REMAINING);
        db.withHandle(h -> {
            assertThat(approvals.refunded(h, a.id())).isEqualTo(60);
            assertThat(approvals.useEntrySum(h, a.id(), "REFUND")).isEqualTo(60);
            assertThat(budgets.get(h, subscriber, a.period()).charged()).isEqualTo(40);
            return null;
        });
    }

    /** What a refund reads of an approval's earlier entries is found by index, not by reading every entry ever made. */
    @Test
    void aRefundFindsTheApprovalsEntriesByIndexAndAChargeStaysOneAnApproval() {
        String subscriber = subscriber("POINTS", BudgetStore.POINTS_PERIOD, 1_000);
        Approval a = charged(subscriber, BudgetStore.POINTS_PERIOD, 300);
        refunds.refund(MERCHANT, refund("rfd_i1", a, 100));
        refunds.refund(MERCHANT, refund("rfd_i2", a, 100));

        for (String sql : List.of(JdbiApprovalStore.USE_ENTRY_SUM, JdbiApprovalStore.USE_ENTRY_AMOUNT)) {
            String literal = sql.replace(":a", "'" + a.id() + "'").replace(":kind", "'POINTS_REVOKED'");
            assertThat(TestDatabases.plan(db, literal)).as(sql).contains("use_entry_once").doesNotContain("Seq Scan")
                    .doesNotContain("SCAN use_entry\n");
        }
        db.withHandle(h -> {
            assertThat(approvals.useEntrySum(h, a.id(), "POINTS_REVOKED")).isEqualTo(20);
            assertThat(approvals.useEntryAmount(h, a.id(), PaymentNoticeService.POINTS_EARNED)).hasValue(30);
            return null;
        });
        assertThatThrownBy(() -> db.useTransaction(h -> approvals.addUseEntry(h, a, "CHARGE", 300, clock.instant(), clock.instant(), null)))
                .isInstanceOf(dev.contentpay.platform.db.Sql.Failure.class)
                .satisfies(e -> assertThat(e.getCause().getMessage() + " " + ((java.sql.SQLException) e.getCause()).getSQLState())
                        .containsAnyOf("UNIQUE constraint failed: index 'use_entry_once'", "23505"));
    }

    private String subscriber(String kind, String period, long cap) {
        return charges.subscriber(kind, period, cap);
    }

    private Approval charged(String subscriber, String period, long price) {
        return charges.charged(subscriber, period, price, 10, clock.instant());
    }

    private RefundRequest refund(String refundId, Approval a, long amount) {
        return new RefundRequest(refundId, a.allowanceId(), a.settlementId(), Money.of(amount, "JPY"), clock.instant());
    }

    private List<Long> revoked(Approval a) {
        return db.withHandle(h -> h.createQuery("SELECT amount FROM use_entry WHERE approval_id = :a AND kind = 'POINTS_REVOKED' ORDER BY recorded_at, id")
                .bind("a", a.id()).mapTo(Long.class).list());
    }

    private long remaining(String subscriber) {
        return db.withHandle(h -> budgets.get(h, subscriber, BudgetStore.POINTS_PERIOD).remaining());
    }
}
