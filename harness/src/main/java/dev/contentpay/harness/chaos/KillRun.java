package dev.contentpay.harness.chaos;

import dev.contentpay.harness.chaos.Buyer.Attempt;
import dev.contentpay.harness.chaos.Cluster.Server;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.settlement.fault.FaultPoints;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One seeded run of the crash harness: the four servers as processes, buyers purchasing without
 * pause, and a schedule of SIGKILLs drawn from the seed (which server, at a random moment or at one
 * of settlement's fault points, and how long it stays down). After the schedule the buyers stop,
 * the servers finish what they owe each other (outbox, sweepers), and invariants 1 to 5 are checked
 * on the databases. The same seed draws the same schedule, items and refunds; the moments at which
 * the kills land depend on the machine.
 */
final class KillRun {

    /** What a kill aims at. */
    enum Target {
        AUTH(Server.auth, null), SETTLEMENT(Server.settlement, null), SHOP(Server.shop, null),
        SETTLEMENT_AFTER_ALLOWANCE(Server.settlement, FaultPoints.Point.AFTER_ALLOWANCE),
        SETTLEMENT_AFTER_COMMIT(Server.settlement, FaultPoints.Point.AFTER_COMMIT);

        final Server server;
        final FaultPoints.Point point;

        Target(Server server, FaultPoints.Point point) {
            this.server = server;
            this.point = point;
        }
    }

    /** One planned kill: after {@code afterMillis} of buying (or, for a fault point, once a purchase reaches it), down for {@code downMillis}. */
    record Kill(Target target, long afterMillis, long downMillis) {
        @Override
        public String toString() {
            String when = target.point == null ? "+" + afterMillis + "ms" : "@" + target.point.setting();
            return target.server + when + " down " + downMillis + "ms";
        }
    }

    /** What one run did and found. */
    record Result(long seed, List<Kill> schedule, int kills, int receipts, int refused, int gaveUp, int refunds, int missedPauses,
                  Map<String, Long> refusals, List<Invariants.Violation> violations, long millis) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    static final List<String> ITEMS = List.of("wallpaper", "ringtone", "game", "ebook", "video");
    private static final int BUYERS = 3;
    /** How long a buyer keeps repeating one step before giving the purchase up. */
    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final Duration SETTLE_TIME = Duration.ofSeconds(120);

    /** Settings that make the sweepers and time-outs fit a run of seconds rather than minutes. */
    static final Map<Server, Map<String, String>> SETTINGS = Map.of(
            Server.auth, Map.of("sweeper.interval", "1s", "allowance.notice-timeout", "30s"),
            Server.settlement, Map.of("auth.timeout", "3s", "shop.timeout", "3s", "purchase.abandon-after", "30s",
                    "notice.poll-interval", "100ms", "notice.max-attempts", "1000"));

    private final long seed;
    private final int kills;
    private final Path dir;
    private final PrintWriter out;
    private final Path classArchives;

    /** {@code classArchives}: where the servers' class-data archives are kept between runs, or null. */
    KillRun(long seed, int kills, Path dir, Path classArchives, PrintWriter out) {
        this.seed = seed;
        this.classArchives = classArchives;
        this.kills = kills;
        this.dir = dir;
        this.out = out;
    }

    /** The schedule the seed draws: the same seed, the same kills. */
    static List<Kill> schedule(long seed, int kills) {
        var random = new Random(seed);
        var schedule = new ArrayList<Kill>();
        Target[] targets = Target.values();
        for (int i = 0; i < kills; i++) {
            schedule.add(new Kill(targets[random.nextInt(targets.length)], 300 + random.nextInt(2_200), random.nextInt(1_500)));
        }
        return schedule;
    }

    Result run() {
        long started = System.currentTimeMillis();
        List<Kill> schedule = schedule(seed, kills);
        out.printf("seed %d: kill schedule %s%n", seed, schedule);
        out.flush();
        try (var cluster = Cluster.start(dir, SETTINGS, nextPause(schedule, 0), classArchives, true)) {
            var admin = new OperatorClient(cluster.authAdmin(), dir.resolve("keys/auth-admin.token"));
            var operator = new dev.contentpay.settlement.operator.OperatorClient(cluster.settlement(), token(dir));
            // A large prepaid balance, a credit limit that runs out (3,000 JPY: no bureau record), and a small balance.
            var buyers = List.of(Buyer.register(cluster, admin, "big-prepaid", "prepaid", 10_000_000),
                    Buyer.register(cluster, admin, "credit", "credit", 10_000),
                    Buyer.register(cluster, admin, "small-prepaid", "prepaid", 2_000));
            var attempts = new CopyOnWriteArrayList<Attempt>();
            Set<String> refunded = ConcurrentHashMap.newKeySet();
            var buying = new AtomicBoolean(true);
            var threads = new ArrayList<Thread>();
            for (int i = 0; i < BUYERS; i++) {
                Buyer buyer = buyers.get(i);
                var random = new Random(seed * 31 + i);
                threads.add(Thread.ofVirtual().name("buyer-" + i).start(() -> buy(buyer, random, buying, attempts, operator, refunded)));
            }
            int done = 0;
            int missed = 0;
            for (int i = 0; i < schedule.size(); i++) {
                Kill kill = schedule.get(i);
                if (kill.target().point != null) {
                    if (!cluster.awaitPaused(kill.target().point, Duration.ofSeconds(30))) missed++;
                } else {
                    Pause.millis(kill.afterMillis());
                }
                cluster.kill(kill.target().server);
                done++;
                Pause.millis(kill.downMillis());
                cluster.start(kill.target().server, kill.target().server == Server.settlement ? nextPause(schedule, i + 1) : null);
            }
            Pause.millis(1_000);
            buying.set(false);
            for (Thread t : threads) t.join(PATIENCE.plusSeconds(30));
            awaitQuiet(cluster);
            // A download cut off by the kills, past the buyer's patience, is tried once more now
            // that the servers stay up: the link is valid for a day, and only content that can
            // never be had is lost.
            var checked = attempts.stream().map(a -> Boolean.FALSE.equals(a.downloaded()) ? downloadedAgain(buyers, a) : a).toList();
            var violations = Invariants.check(cluster, checked, refunded);
            return new Result(seed, schedule, done, count(attempts, Buyer.End.RECEIPT), count(attempts, Buyer.End.REFUSED),
                    count(attempts, Buyer.End.GAVE_UP), refunded.size(), missed, refusals(attempts), violations, System.currentTimeMillis() - started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Attempt downloadedAgain(List<Buyer> buyers, Attempt a) {
        Buyer buyer = buyers.stream().filter(b -> b.subscriberId().equals(a.subscriberId())).findFirst().orElseThrow();
        return new Attempt(a.subscriberId(), a.item(), a.approvalId(), a.end(), a.receipt(), a.code(), a.stage(),
                buyer.download(a.receipt(), Duration.ofSeconds(10)));
    }

    /**
     * Settlement is started with the fault point of the next kill aimed at it, if that kill is at a
     * fault point, so that the first purchase to get there waits for the kill.
     */
    private static FaultPoints.Point nextPause(List<Kill> schedule, int from) {
        for (int i = from; i < schedule.size(); i++) {
            if (schedule.get(i).target().server == Server.settlement) return schedule.get(i).target().point;
        }
        return null;
    }

    private void buy(Buyer buyer, Random random, AtomicBoolean buying, List<Attempt> attempts,
                     dev.contentpay.settlement.operator.OperatorClient operator, Set<String> refunded) {
        while (buying.get()) {
            Attempt a = buyer.buy(ITEMS.get(random.nextInt(ITEMS.size())), PATIENCE, true);
            attempts.add(a);
            // The operator refunds about one purchase in ten, while the servers keep dying.
            if (a.receipt() != null && random.nextInt(10) == 0) refund(operator, a.receipt().settlementId(), refunded);
            if (a.end() != Buyer.End.RECEIPT) Pause.millis(250);
        }
    }

    private static void refund(dev.contentpay.settlement.operator.OperatorClient operator, String settlementId, Set<String> refunded) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                operator.refund(settlementId, "chaos");
                refunded.add(settlementId);
                return;
            } catch (ContentpayException e) {
                if (!Buyer.retryable(e.code())) return;
                Pause.millis(200);
            }
        }
    }

    /** Waits for the outbox to drain and the sweepers to void what was cut off; the check then says what is left. */
    static void awaitQuiet(Cluster cluster) {
        long deadline = System.nanoTime() + SETTLE_TIME.toNanos();
        while (System.nanoTime() < deadline && Invariants.unfinished(cluster) != null) Pause.millis(250);
    }

    /** How many purchases ended without a receipt, by step and code. */
    private static Map<String, Long> refusals(List<Attempt> attempts) {
        return attempts.stream().filter(a -> a.end() != Buyer.End.RECEIPT)
                .collect(java.util.stream.Collectors.groupingBy(a -> a.stage() + " " + a.code().code(), java.util.TreeMap::new,
                        java.util.stream.Collectors.counting()));
    }

    private static int count(List<Attempt> attempts, Buyer.End end) {
        return (int) attempts.stream().filter(a -> a.end() == end).count();
    }

    static String token(Path dir) {
        try {
            return OperatorToken.read(dir.resolve("keys/settlement-admin.token"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
