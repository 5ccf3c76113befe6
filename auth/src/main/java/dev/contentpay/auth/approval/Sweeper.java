package dev.contentpay.auth.approval;

import dev.contentpay.auth.approval.Approval;
import dev.contentpay.auth.approval.ApprovalStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tidies what time has decided: approvals never presented become EXPIRED (each owed to its
 * merchant as an {@code approval.expired} event, in the expiry's transaction), and allowances whose
 * payment notice did not come before {@code notify_by} are voided, giving their reservation back
 * ([0071]: no one pays for what was not delivered). It works in small batches, each in its own
 * transaction, so it never holds the database for long, and several auth instances can sweep at
 * once: every transition is conditional on the status it expects.
 */
public final class Sweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int BATCH = 200;

    private final Database db;
    private final ApprovalStore approvalStore;
    private final VoidService voids;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration interval;
    private final dev.contentpay.auth.event.MerchantEvents events;
    private volatile Thread thread;
    /** Purges of rows strangers can create, run after each sweep. */
    private final java.util.List<java.util.function.IntSupplier> purges = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Sweeper(Database db, ApprovalStore approvalStore, VoidService voids, AuditLog audit, Clock clock, Duration interval,
                   dev.contentpay.auth.event.MerchantEvents events) {
        this.events = events;
        this.db = db;
        this.approvalStore = approvalStore;
        this.voids = voids;
        this.audit = audit;
        this.clock = clock;
        this.interval = interval;
    }

    /** Also runs {@code purge} after every sweep. */
    public Sweeper alsoPurge(java.util.function.IntSupplier purge) {
        purges.add(purge);
        return this;
    }

    public void start() {
        thread = Thread.ofVirtual().name("auth-sweeper").start(this::run);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
                sweep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("sweep failed; trying again in {}", interval, e);
            }
        }
    }

    /** One sweep; returns how many approvals it expired and allowances it voided. */
    public int sweep() {
        Instant now = clock.instant();
        int done = 0;
        for (String id : db.withHandle(h -> approvalStore.dueToExpire(h, now, BATCH))) {
            done += db.inTransaction(h -> {
                Approval a = approvalStore.find(h, id).orElseThrow();
                if (!approvalStore.transition(h, id, Approval.Status.ISSUED, Approval.Status.EXPIRED, ErrorCode.APPROVAL_EXPIRED.code())) return 0;
                audit.record(h, AuditLog.Kind.EXPIRED, "sweeper", a.subscriberId(), a.merchantId(), a.id(), null, null);
                events.approvalExpired(h, a);
                return 1;
            });
        }
        for (String id : db.withHandle(h -> approvalStore.dueForNotice(h, now, BATCH))) {
            done += db.inTransaction(h -> {
                Approval a = approvalStore.find(h, id).orElseThrow();
                if (a.status() != Approval.Status.ALLOWED) return 0;
                return voids.voidIn(h, a, "sweeper") == Approval.Status.VOIDED ? 1 : 0;
            });
        }
        if (done > 0) LOG.info("sweep: {} approvals expired or allowances voided", done);
        for (var purge : purges) {
            int purged = purge.getAsInt();
            if (purged > 0) LOG.debug("sweep: purged {} stale rows", purged);
        }
        return done;
    }

    @Override
    public void close() {
        Thread t = thread;
        if (t != null) t.interrupt();
    }
}
