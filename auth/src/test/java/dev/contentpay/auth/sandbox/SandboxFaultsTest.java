package dev.contentpay.auth.sandbox;

import dev.contentpay.auth.event.MerchantEvent;
import dev.contentpay.auth.event.WebhookFaults;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.admin.SandboxFaultSetting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's fault injector on webhooks, on the real database of the run (SQLite, or PostgreSQL in that half of the suite). */
class SandboxFaultsTest {

    static final Instant T0 = Instant.parse("2026-12-06T09:00:00Z");

    @TempDir
    Path dir;
    Database db;
    SandboxFaults faults;

    @BeforeEach
    void open() {
        db = Database.open("auth-sandbox", TestDatabases.url(dir, "auth"), "auth", 4);
        faults = new SandboxFaults(db, Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(5));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void withoutFaultsEveryEventIsSentAsItComes() {
        assertThat(faults.plan(event("evt_1", "apv_1", 0, null), T0)).isEqualTo(WebhookFaults.Plan.SEND);
        var due = List.of(event("evt_1", "apv_1", 0, null), event("evt_2", "apv_2", 0, null));
        assertThat(faults.order(due)).isEqualTo(due);
    }

    @Test
    void aDelayHoldsTheFirstAttemptOnlyByTheMerchantsDelay() {
        faults.set("sakura", new SandboxFaultSetting(null, List.of("delay-webhooks"), 7));

        assertThat(faults.plan(event("evt_1", "apv_1", 0, null), T0)).isEqualTo(new WebhookFaults.Plan(WebhookFaults.Action.HOLD, T0.plusSeconds(7)));
        assertThat(faults.plan(event("evt_1", "apv_1", 1, SandboxFaults.HELD), T0.plusSeconds(7))).isEqualTo(WebhookFaults.Plan.SEND);
        // A retry after a real failure is a retry, not a fault.
        assertThat(faults.plan(event("evt_1", "apv_1", 2, "http_500"), T0.plusSeconds(30))).isEqualTo(WebhookFaults.Plan.SEND);
    }

    @Test
    void aDuplicateIsSentTwiceOnItsFirstRealSendEvenAfterAHold() {
        faults.forApproval("apv_1", EnumSet.of(Fault.DUPLICATE_WEBHOOKS, Fault.DELAY_WEBHOOKS));

        assertThat(faults.plan(event("evt_1", "apv_1", 0, null), T0).action()).isEqualTo(WebhookFaults.Action.HOLD);
        assertThat(faults.plan(event("evt_1", "apv_1", 1, SandboxFaults.HELD), T0).action()).isEqualTo(WebhookFaults.Action.SEND_TWICE);
        // Another purchase of the same merchant asked for nothing.
        assertThat(faults.plan(event("evt_2", "apv_2", 0, null), T0)).isEqualTo(WebhookFaults.Plan.SEND);
    }

    @Test
    void aDropIsNeverSentAndOutranksTheOthers() {
        faults.set("sakura", new SandboxFaultSetting(null, List.of("duplicate-webhooks", "drop-webhooks"), null));

        assertThat(faults.plan(event("evt_1", "apv_1", 0, null), T0).action()).isEqualTo(WebhookFaults.Action.DROP);
    }

    @Test
    void reorderedEventsWaitAMomentThenLeaveAfterTheOthersNewestFirst() {
        faults.forApproval("apv_1", Set.of(Fault.REORDER_WEBHOOKS));
        faults.forApproval("apv_2", Set.of(Fault.REORDER_WEBHOOKS));
        assertThat(faults.plan(event("evt_1", "apv_1", 0, null), T0))
                .isEqualTo(new WebhookFaults.Plan(WebhookFaults.Action.HOLD, T0.plus(SandboxFaults.GATHER)));

        var older = event("evt_1", "apv_1", 1, SandboxFaults.HELD);
        var newer = new MerchantEvent("evt_2", "sakura", "refund.applied", "apv_2", "{}", T0.plusMillis(5), MerchantEvent.Status.PENDING, 1,
                T0, SandboxFaults.HELD, null);
        var plain = event("evt_3", "apv_3", 0, null);
        assertThat(faults.order(List.of(older, newer, plain))).containsExactly(plain, newer, older);
    }

    @Test
    void theSettingReplacesTheOneBeforeAndRefusesWhatItDoesNotKnow() {
        faults.set("sakura", new SandboxFaultSetting(null, List.of("drop-webhooks"), 3));
        assertThat(faults.set("sakura", new SandboxFaultSetting(null, List.of("delay-notices"), null)))
                .isEqualTo(new SandboxFaultSetting("sakura", List.of("delay-notices"), 5));
        assertThat(faults.setting("momiji")).isEqualTo(new SandboxFaultSetting("momiji", List.of(), 5));
        assertThatThrownBy(() -> faults.set("sakura", new SandboxFaultSetting(null, List.of("lose-money"), null)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> faults.set("sakura", new SandboxFaultSetting(null, List.of(), 601)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(faults.setting("sakura").faults()).containsExactly("delay-notices");
    }

    private static MerchantEvent event(String id, String approvalId, int attempts, String lastError) {
        return new MerchantEvent(id, "sakura", "refund.applied", approvalId, "{}", T0, MerchantEvent.Status.PENDING, attempts, T0, lastError, null);
    }
}
