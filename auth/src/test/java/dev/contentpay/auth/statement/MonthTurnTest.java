package dev.contentpay.auth.statement;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.BudgetPeriods;
import dev.contentpay.auth.approval.TestCharges;
import dev.contentpay.auth.merchant.JdbiMerchantStore;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.platform.time.HandClock;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer bills in Tokyo: purchases at 23:59 and 00:01 local time on the last day of a month
 * count against two monthly limits and land on two monthly statements, although both are on the
 * same UTC day; and the statement states the tax per rate, refunds reducing their rate's total. On
 * the real database of the run, with an injected clock.
 */
class MonthTurnTest {

    private static final String MERCHANT = "testshop";
    private static final BillingZone TOKYO = BillingZone.of("Asia/Tokyo");
    /** 23:59 in Tokyo on 31 December 2026. */
    private static final Instant LAST_MINUTE = Instant.parse("2026-12-31T14:59:00Z");

    @TempDir
    Path dir;
    Database db;
    final HandClock clock = new HandClock(LAST_MINUTE);
    final BudgetPeriods periods = new BudgetPeriods(TOKYO);
    TestCharges charges;
    StatementService statements;
    SubscriberStore subscribers;

    @BeforeEach
    void open() {
        db = Database.open("auth-month-turn", TestDatabases.url(dir, "auth"), "auth", 4);
        charges = TestCharges.open(db, clock, MERCHANT, 0);
        statements = new StatementService(db, charges.approvals(), charges.budgets(), new MerchantRegistry(new JdbiMerchantStore(db), clock), clock,
                periods, "T1010001000009", dev.contentpay.platform.crypto.Environment.LIVE);
        // The merchant's registration number, as its registration over the admin API or from configuration stores it.
        db.useTransaction(h -> h.execute("UPDATE merchant SET invoice_registration_number = 'T2010001000008' WHERE id = ?", MERCHANT));
        subscribers = new dev.contentpay.auth.subscriber.JdbiSubscriberStore(db,
                new dev.contentpay.platform.crypto.PasswordHasher(new dev.contentpay.platform.crypto.PasswordHasher.Cost(8, 1, 1)), clock, charges.budgets());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aMinuteBeforeAndAfterLocalMidnightOnTheLastDayOfTheMonthAreTwoPeriods() {
        String subscriber = subscriber();
        Approval december = buy(subscriber, 300, 10);
        clock.advance(Duration.ofMinutes(2)); // 00:01 in Tokyo on 1 January 2027, still 31 December in UTC
        Approval january = buy(subscriber, 500, 10);

        assertThat(december.period()).isEqualTo("2026-12");
        assertThat(january.period()).isEqualTo("2027-01");
        db.withHandle(h -> {
            assertThat(charges.budgets().get(h, subscriber, "2026-12").charged()).isEqualTo(300);
            assertThat(charges.budgets().get(h, subscriber, "2027-01").charged()).as("the new month's limit starts afresh").isEqualTo(500);
            return null;
        });
        Statement decemberBill = statements.statement(find(subscriber), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));
        Statement januaryBill = statements.statement(find(subscriber), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 31));
        assertThat(decemberBill.lines()).extracting(Statement.Line::approvalId).containsExactly(december.id());
        assertThat(januaryBill.lines()).extracting(Statement.Line::approvalId).containsExactly(january.id());
        assertThat(decemberBill.charged().amount()).isEqualTo(300);
        assertThat(januaryBill.charged().amount()).isEqualTo(500);
        assertThat(januaryBill.zone()).isEqualTo("Asia/Tokyo");
        assertThat(statements.today()).as("the statement's default month is Tokyo's").isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void theStatementStatesTheTaxPerRateOnceEachWithRefundsReducingTheirRate() {
        String subscriber = subscriber();
        buy(subscriber, 330, 10);
        buy(subscriber, 105, 8);
        buy(subscriber, 105, 8);
        Approval refunded = buy(subscriber, 105, 8);
        buy(subscriber, 1_100, 10);
        charges.refunds().refund(MERCHANT, new RefundRequest("rfd_" + refunded.id(), refunded.allowanceId(), refunded.settlementId(),
                Money.of(105, "JPY"), clock.instant()));

        Statement bill = statements.statement(find(subscriber), LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));

        // 10 %: 1,430 holds floor(1,430 × 10 / 110) = 130; 8 %: 315 - 105 = 210 holds floor(210 × 8 / 108) = 15.
        assertThat(bill.taxes()).containsExactly(new Statement.Tax(10, Money.of(1_430, "JPY"), Money.of(130, "JPY")),
                new Statement.Tax(8, Money.of(210, "JPY"), Money.of(15, "JPY")));
        assertThat(bill.issuerRegistrationNumber()).isEqualTo("T1010001000009");
        assertThat(bill.lines()).filteredOn(l -> l.kind().equals("charge")).extracting(Statement.Line::taxRate)
                .containsExactly(10, 8, 8, 8, 10);
        assertThat(bill.lines()).extracting(Statement.Line::merchantRegistrationNumber).containsOnly("T2010001000008");
    }

    private Subscriber find(String id) {
        return subscribers.find(id).orElseThrow();
    }

    private String subscriber() {
        String id = Ids.random("sub");
        db.useTransaction(h -> h.execute("INSERT INTO subscriber (id, display_name, password_hash, status, limit_kind, credit_limit, currency, created_at) "
                + "VALUES (?, 'Test', 'x', 'ACTIVE', 'CREDIT', 10000, 'JPY', 0)", id));
        return id;
    }

    /** A purchase now, charged against the subscriber's period now, as a purchase makes it. */
    private Approval buy(String subscriber, long price, int taxRate) {
        Instant now = clock.instant();
        String period = periods.periodOf(find(subscriber), now);
        db.useTransaction(h -> charges.budgets().open(h, subscriber, period, 10_000));
        return charges.charged(subscriber, period, price, taxRate, now);
    }
}
