package dev.contentpay.settlement;

import dev.contentpay.platform.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start does about a previous process that died mid-request. The platform's idempotency
 * record claims a key while its request runs and holds a dead claim for two minutes; until then a
 * buyer retrying after our crash hears {@code request_in_progress}. At start, no request of ours
 * can be running, so every unfinished claim in this database belongs to a dead process and is
 * released at once: the buyer's retry with the same key runs afresh (the issuer gives the same
 * allowance again, and a settled approval answers its receipt again).
 *
 * <p>This assumes one settlement process per database, which is what this server supports today;
 * several instances on one PostgreSQL database (issue 6) will need the platform to tell claims
 * of a live process from those of a dead one.
 */
final class StartupRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

    private StartupRecovery() {
    }

    static void releaseUnfinishedRequests(Database db) {
        int released = db.inTransaction(h -> h.createUpdate("DELETE FROM idempotency_record WHERE status IS NULL").execute());
        if (released > 0) LOG.warn("released {} request(s) a previous process left unfinished; their retries will run afresh", released);
    }
}
