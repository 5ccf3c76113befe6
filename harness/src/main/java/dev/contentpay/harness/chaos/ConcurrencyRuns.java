package dev.contentpay.harness.chaos;

import dev.contentpay.harness.chaos.Buyer.Approved;
import dev.contentpay.harness.chaos.Buyer.Attempt;
import dev.contentpay.harness.chaos.Cluster.Server;
import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Invariants 1 and 2 under concurrency, against the real settlement and issuer as processes:
 * replays (one approval presented 2 to 100 times at once, each presentation with its own
 * idempotency key, must give exactly one receipt) and limit runs (100 purchases at once against a
 * fresh budget for exactly n of them must give exactly n). At the end invariants 1 to 5 are checked
 * on the databases as after a crash run.
 */
final class ConcurrencyRuns {

    /** Settings for a busy machine: no time-out should cut a judgement off here. */
    static final Map<Server, Map<String, String>> SETTINGS = Map.of(
            Server.auth, Map.of("sweeper.interval", "2s"),
            Server.settlement, Map.of("auth.timeout", "20s", "shop.timeout", "20s", "purchase.abandon-after", "60s",
                    "notice.poll-interval", "100ms"));
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    static final int PARALLEL_PURCHASES = 100;

    /** What a series of rounds found: {@code doubles} rounds that gave more than one receipt (replays) or passed the limit (limit runs). */
    record Result(String mode, long seed, int rounds, long presentations, int doubles, int inexact, Map<String, Integer> answers,
                  List<Invariants.Violation> violations, long millis) {
        boolean passed() {
            return doubles == 0 && inexact == 0 && violations.isEmpty();
        }
    }

    private final Cluster cluster;
    private final OperatorClient admin;
    private final PrintWriter out;
    private final Collection<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> answers = new TreeMap<>();

    ConcurrencyRuns(Cluster cluster, PrintWriter out) {
        this.cluster = cluster;
        this.admin = new OperatorClient(cluster.authAdmin(), cluster.dir().resolve("keys/auth-admin.token"));
        this.out = out;
    }

    /** {@code rounds} approvals, each presented 2 to 100 times at once. */
    Result replays(long seed, int rounds, BooleanSupplier timeIsUp) throws InterruptedException {
        long started = System.currentTimeMillis();
        var random = new Random(seed);
        Buyer buyer = Buyer.register(cluster, admin, "replayer-" + seed, "prepaid", Long.MAX_VALUE / 4);
        long presentations = 0;
        int doubles = 0;
        int none = 0;
        int round = 0;
        for (; round < rounds && !timeIsUp.getAsBoolean(); round++) {
            int copies = 2 + random.nextInt(99);
            Approved approved = buyer.approve(KillRun.ITEMS.get(random.nextInt(KillRun.ITEMS.size())), PATIENCE);
            List<Attempt> got = atOnce(copies, i -> buyer.present(approved, UUID.randomUUID().toString(), PATIENCE, false));
            presentations += copies;
            long receipts = got.stream().filter(a -> a.end() == Buyer.End.RECEIPT).count();
            if (receipts > 1) {
                doubles++;
                out.printf("replay round %d: %d presentations of approval %s gave %d receipts%n", round, copies, approved.approval().approvalId(), receipts);
            }
            if (receipts == 0) none++;
            progress("replay", round, rounds, started);
        }
        return finish("replay", seed, round, presentations, doubles, none, started);
    }

    /** {@code runs} fresh budgets, each for exactly n of 100 purchases made at once. */
    Result limits(long seed, int runs, BooleanSupplier timeIsUp) throws InterruptedException {
        long started = System.currentTimeMillis();
        var random = new Random(seed);
        long purchases = 0;
        int exceeded = 0;
        int inexact = 0;
        int run = 0;
        for (; run < runs && !timeIsUp.getAsBoolean(); run++) {
            boolean credit = random.nextBoolean();
            String item = KillRun.ITEMS.get(random.nextInt(KillRun.ITEMS.size()));
            long price = price(item);
            // A subscriber without a bureau record gets at most 3,000 JPY of monthly credit.
            long most = credit ? Math.min(PARALLEL_PURCHASES - 1, 3_000 / price) : PARALLEL_PURCHASES - 1;
            long fits = 1 + random.nextLong(most);
            long limit = Math.min(fits * price + random.nextLong(price), credit ? 3_000 : Long.MAX_VALUE);
            Buyer buyer = Buyer.register(cluster, admin, "limit-" + seed + "-" + run, credit ? "credit" : "prepaid", limit);
            List<Approved> approvals = approvals(buyer, item);
            List<Attempt> got = atOnce(approvals.size(), i -> buyer.present(approvals.get(i), UUID.randomUUID().toString(), PATIENCE, false));
            purchases += got.size();
            long bought = got.stream().filter(a -> a.end() == Buyer.End.RECEIPT).count();
            if (bought * price > limit) {
                exceeded++;
                out.printf("limit run %d: %d of %s at %d JPY bought against a limit of %d JPY%n", run, bought, item, price, limit);
            } else if (bought != fits || approvals.size() != PARALLEL_PURCHASES) {
                inexact++;
                out.printf("limit run %d: %d of %d approvals settled against a limit for %d (%s at %d JPY, limit %d JPY)%n", run, bought,
                        approvals.size(), fits, item, price, limit);
            }
            progress("limit", run, runs, started);
        }
        return finish("limit", seed, run, purchases, exceeded, inexact, started);
    }

    private static long price(String item) {
        return switch (item) {
            case "wallpaper" -> 100;
            case "ringtone" -> 150;
            case "game" -> 500;
            case "ebook" -> 800;
            default -> 1_200;
        };
    }

    /** One hundred approvals for {@code item}, asked eight at a time: all are issued, since nothing is reserved before judging. */
    private List<Approved> approvals(Buyer buyer, String item) throws InterruptedException {
        var approved = new ArrayList<Approved>();
        try (var pool = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            var futures = new ArrayList<Future<Approved>>();
            for (int i = 0; i < PARALLEL_PURCHASES; i++) futures.add(pool.submit(() -> buyer.approve(item, PATIENCE)));
            for (var f : futures) {
                try {
                    approved.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    note(e.getCause() instanceof ContentpayException c ? "approval " + c.code().code() : "approval " + e.getCause());
                }
            }
        }
        return approved;
    }

    /** Runs {@code n} calls released together by one gate, so they reach the servers at the same moment. */
    private List<Attempt> atOnce(int n, Function<Integer, Attempt> call) throws InterruptedException {
        var gate = new CountDownLatch(1);
        var got = new ConcurrentLinkedQueue<Attempt>();
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    gate.await();
                    got.add(call.apply(index));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        gate.countDown();
        for (Thread t : threads) t.join();
        for (Attempt a : got) note(a.end() == Buyer.End.RECEIPT ? "receipt" : a.end().name().toLowerCase() + " " + a.code().code());
        attempts.addAll(got);
        return new ArrayList<>(got);
    }

    private synchronized void note(String answer) {
        answers.merge(answer, 1, Integer::sum);
    }

    private void progress(String mode, int done, int of, long started) {
        if ((done + 1) % 50 == 0 || done + 1 == of) {
            out.printf("%s: %d of %d rounds, %d s%n", mode, done + 1, of, (System.currentTimeMillis() - started) / 1000);
            out.flush();
        }
    }

    private Result finish(String mode, long seed, int rounds, long presentations, int doubles, int inexact, long started) {
        KillRun.awaitQuiet(cluster);
        var violations = Invariants.check(cluster, attempts, List.of());
        synchronized (this) {
            return new Result(mode, seed, rounds, presentations, doubles, inexact, new TreeMap<>(answers), violations,
                    System.currentTimeMillis() - started);
        }
    }
}
