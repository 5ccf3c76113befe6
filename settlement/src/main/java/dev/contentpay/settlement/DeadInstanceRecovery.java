package dev.contentpay.settlement;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.settlement.notice.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * What a start, and every sweep after it, does about a process that died mid-work. The platform's idempotency record
 * claims a key while its request runs and holds a dead claim for two minutes; until then a buyer
 * retrying after the crash hears {@code request_in_progress}. Claims carry the id of the instance
 * that made them, and the database knows which instances are alive (see
 * {@link Database#liveInstances}), so the claims of dead ones are released: at start, and on every
 * sweep, because with several instances on one database the survivors outlive the crash and
 * nobody restarts. The buyer's retry with the same key then runs afresh (the issuer gives the same
 * allowance again, and a settled approval answers its receipt again). A live instance's claims
 * are never touched. Likewise the outbox messages a dead instance had taken to send are due again
 * at once rather than when their lease runs out.
 */
final class DeadInstanceRecovery implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadInstanceRecovery.class);

    private final Database db;
    private final OutboxStore outbox;
    private final Clock clock;
    private final Runnable onReleased;

    DeadInstanceRecovery(Database db, OutboxStore outbox, Clock clock, Runnable onReleased) {
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
        this.onReleased = onReleased;
    }

    @Override
    public void run() {
        int released = Idempotency.releaseClaimsOfDeadInstances(db);
        if (released > 0) LOG.warn("released {} request(s) a stopped process left unfinished; their retries will run afresh", released);
        int messages = outbox.releaseLeasesOfDeadInstances(clock.instant());
        if (messages > 0) {
            LOG.warn("{} outbox message(s) a stopped process had taken are due again", messages);
            onReleased.run();
        }
    }
}
