package dev.contentpay.auth.approval;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sweeper finds (issued approvals past their expiry, allowed ones past their notice
 * deadline), through partial indexes that hold only the approvals it can still act on.
 */
class ApprovalSweepTest {

    @TempDir
    Path dir;
    String url;
    Database db;
    TestCharges charges;
    JdbiApprovalStore approvals = new JdbiApprovalStore();
    Instant now = Instant.parse("2026-12-07T06:00:00Z");
    String subscriber;

    @BeforeEach
    void open() {
        url = TestDatabases.url(dir, "auth");
        db = Database.open("auth-sweep", url, "auth", 2);
        charges = TestCharges.open(db, Clock.fixed(now, ZoneOffset.UTC), "mer_sweep", 0);
        subscriber = charges.subscriber("CREDIT", "2026-12", 100_000);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theSweeperFindsExpiredIssuedAndOverdueAllowedApprovalsOnly() {
        String expired = issued(now.minus(Duration.ofMinutes(1)));
        issued(now.plus(Duration.ofMinutes(5)));
        String overdue = allowed(now.minus(Duration.ofMinutes(10)), now.minusSeconds(1));
        allowed(now.minus(Duration.ofMinutes(10)), now.plusSeconds(600));
        charges.charged(subscriber, "2026-12", 100, 10, now.minus(Duration.ofHours(1)));

        List<String> expiring = db.withHandle(h -> approvals.dueToExpire(h, now, 10));
        List<String> noticeDue = db.withHandle(h -> approvals.dueForNotice(h, now, 10));
        assertThat(expiring).containsExactly(expired);
        assertThat(noticeDue).containsExactly(overdue);
    }

    @Test
    void onlyApprovalsUnderWayAreInTheSweepersIndexes() {
        assertThat(TestDatabases.indexes(url, "approval"))
                .containsExactly("approval_due_expiry", "approval_due_notice", "approval_subscriber");
        charges.charged(subscriber, "2026-12", 100, 10, now.minus(Duration.ofHours(1)));
        issued(now.plus(Duration.ofMinutes(5)));

        for (var due : List.of(List.of(Approval.Status.ISSUED.name(), "expires_at", "approval_due_expiry"),
                List.of(Approval.Status.ALLOWED.name(), "notify_by", "approval_due_notice"))) {
            String sql = JdbiApprovalStore.dueQuery(Approval.Status.valueOf(due.get(0)), due.get(1))
                    .replace(":now", String.valueOf(now.toEpochMilli())).replace(":limit", "100");
            String plan = TestDatabases.plan(db, sql);
            assertThat(plan).as(sql).contains(due.get(2)).doesNotContain("SCAN approval\n").doesNotContain("Seq Scan");
        }
    }

    private String issued(Instant expiresAt) {
        String id = Ids.random("apr");
        var approval = new Approval(id, subscriber, "mer_sweep", "pn_test", Ids.random("ord"), "item", "Item", Money.of(100, "JPY"), "2026-12",
                Approval.Status.ISSUED, expiresAt.minus(Duration.ofMinutes(5)), expiresAt, null, null, null, null, null, null, null);
        db.useTransaction(h -> approvals.insert(h, approval, "0".repeat(64)));
        return id;
    }

    private String allowed(Instant judgedAt, Instant notifyBy) {
        String id = issued(judgedAt.plus(Duration.ofMinutes(5)));
        db.useTransaction(h -> {
            var a = approvals.find(h, id).orElseThrow();
            assertThat(approvals.allow(h, id, "mer_sweep", a.orderId(), a.amount(), judgedAt, "judge-" + id, Ids.random("alw"), notifyBy)).isTrue();
        });
        return id;
    }
}
