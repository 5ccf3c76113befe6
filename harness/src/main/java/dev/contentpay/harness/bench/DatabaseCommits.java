package dev.contentpay.harness.bench;

import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.observe.Metrics;
import io.micrometer.core.instrument.FunctionCounter;

import java.util.Map;
import java.util.TreeMap;

/**
 * The commits (one sync to disk each) and the units of work they decided, per database of the
 * servers in this JVM, read from their {@code contentpay.db.commits} and {@code contentpay.db.units}
 * counters (SQLite's group commit: PostgreSQL reports none), and the statements run through
 * {@link Sql} on every database (the hot path's, and the background's beside it). Two snapshots give
 * commits and statements a purchase, and syncs a second.
 */
final class DatabaseCommits {

    private static final String[] SERVERS = {"auth", "settlement", "shop", "bureau", "store"};

    private DatabaseCommits() {
    }

    /** Commits and units by database name, and the statements run in all. */
    record Snapshot(Map<String, long[]> byDatabase, long statements) {
    }

    static Snapshot snapshot() {
        long statements = Sql.executed();
        var totals = new TreeMap<String, long[]>();
        for (String server : SERVERS) {
            var registry = Metrics.of(server);
            for (FunctionCounter c : registry.find("contentpay.db.commits").functionCounters()) {
                totals.computeIfAbsent(c.getId().getTag("db"), k -> new long[2])[0] += (long) c.count();
            }
            for (FunctionCounter c : registry.find("contentpay.db.units").functionCounters()) {
                totals.computeIfAbsent(c.getId().getTag("db"), k -> new long[2])[1] += (long) c.count();
            }
        }
        return new Snapshot(totals, statements);
    }

    /** What happened between two snapshots, for {@code purchases} purchases over {@code seconds}. */
    static BenchReport.Commits between(Snapshot start, Snapshot end, long purchases, double seconds) {
        Map<String, long[]> before = start.byDatabase();
        Map<String, long[]> after = end.byDatabase();
        if (purchases == 0 || after.isEmpty()) return null;
        long commits = 0;
        long units = 0;
        var byDatabase = new TreeMap<String, Double>();
        for (var e : after.entrySet()) {
            long[] from = before.getOrDefault(e.getKey(), new long[2]);
            long c = e.getValue()[0] - from[0];
            commits += c;
            units += e.getValue()[1] - from[1];
            byDatabase.put(e.getKey(), (double) c / purchases);
        }
        if (units == 0) return null;
        return new BenchReport.Commits((double) commits / purchases, (double) units / purchases,
                (double) (end.statements() - start.statements()) / purchases, commits / seconds, byDatabase);
    }
}
