package dev.contentpay.harness.chaos;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code contentpay chaos}: proves SYSTEM.md §4's invariants against the four servers run as
 * separate processes (docs/RELIABILITY.md). {@code --mode kill} kills them with SIGKILL at seeded
 * points while buyers keep buying; {@code replay} presents approvals 2 to 100 times at once;
 * {@code limit} makes 100 purchases at once against a budget for n of them. Prints the seed of every
 * run, its kill schedule, what it did and which invariant broke, if one did; exits 1 when any did.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Kill the servers at seeded points, or race them, and check the invariants of SYSTEM.md §4 (docs/RELIABILITY.md).")
public final class ChaosCommand implements Callable<Integer> {

    enum Mode { kill, replay, limit }

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", defaultValue = "kill", description = "kill (crash runs), replay (concurrent presentations of one approval) or limit (100 purchases at once against a budget); default ${DEFAULT-VALUE}")
    Mode mode;

    @Option(names = "--runs", defaultValue = "1", description = "kill: runs, each on fresh servers and databases; replay: approvals; limit: budgets; default ${DEFAULT-VALUE}")
    int runs;

    @Option(names = "--kills", defaultValue = "5", description = "kill: SIGKILLs per run; default ${DEFAULT-VALUE}")
    int kills;

    @Option(names = "--seed", description = "the first run's seed (run i uses seed + i); default: the time")
    Long seed;

    @Option(names = "--dir", description = "where the servers' folders go; default: a new temporary folder")
    Path dir;

    @Option(names = "--minutes", description = "start no new run or round after this many minutes, and report what was done; default: no limit")
    Long minutes;

    @Option(names = "--keep", description = "keep every run's folder (a failed run's folder is always kept)")
    boolean keep;

    @Option(names = "--check", paramLabel = "FOLDER", description = "only check the invariants on the databases a run left in FOLDER (a kept run-SEED folder), with its servers stopped")
    Path check;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (check != null) return checkOnly(check, out);
        long first = seed != null ? seed : System.currentTimeMillis();
        Path base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("contentpay-chaos-");
        out.printf("contentpay chaos --mode %s --runs %d%s --seed %d: folders under %s%n", mode, runs,
                mode == Mode.kill ? " --kills " + kills : "", first, base);
        out.flush();
        boolean passed = switch (mode) {
            case kill -> kills(first, base, out);
            case replay, limit -> races(first, base, out);
        };
        out.println(passed ? "chaos: every invariant held" : "chaos: FAILED");
        out.flush();
        return passed ? 0 : 1;
    }

    private static int checkOnly(Path folder, PrintWriter out) {
        if (!Files.isDirectory(folder.resolve("data"))) {
            out.println("chaos: " + folder + " holds no data folder of a run");
            return 2;
        }
        var violations = Invariants.check(Cluster.at(folder), java.util.List.of(), java.util.List.of());
        violations.forEach(v -> out.println("  " + v));
        out.println(violations.isEmpty() ? "chaos: every invariant held" : "chaos: FAILED");
        out.flush();
        return violations.isEmpty() ? 0 : 1;
    }

    private boolean kills(long first, Path base, PrintWriter out) {
        int failed = 0;
        int totalKills = 0;
        int receipts = 0;
        int refused = 0;
        int refunds = 0;
        long started = System.currentTimeMillis();
        int i = 0;
        for (; i < runs && !timeIsUp(); i++) {
            long runSeed = first + i;
            Path runDir = base.resolve("run-" + runSeed);
            KillRun.Result r;
            try {
                r = new KillRun(runSeed, kills, runDir, Files.createDirectories(base.resolve("class-archives")), out).run();
            } catch (RuntimeException | IOException e) {
                failed++;
                out.printf("run %d of %d, seed %d: could not be carried out: %s (folder %s)%n", i + 1, runs, runSeed, e.getMessage(), runDir);
                out.flush();
                continue;
            }
            totalKills += r.kills();
            receipts += r.receipts();
            refused += r.refused();
            refunds += r.refunds();
            out.printf("run %d of %d, seed %d: %d kills (%d fault points not reached), %d purchases, %d refused, %d left unanswered, "
                            + "%d refunds, %d s: %s%n", i + 1, runs, runSeed, r.kills(), r.missedPauses(), r.receipts(), r.refused(), r.gaveUp(),
                    r.refunds(), r.millis() / 1000, r.passed() ? "every invariant held" : "FAILED");
            if (!r.refusals().isEmpty()) out.println("  without a receipt: " + r.refusals());
            r.violations().forEach(v -> out.println("  " + v));
            if (r.passed()) {
                if (!keep) delete(runDir);
            } else {
                failed++;
                out.printf("  replay with: contentpay chaos --mode kill --runs 1 --kills %d --seed %d (folder kept: %s)%n", kills, runSeed, runDir);
            }
            out.flush();
        }
        out.printf("chaos kill: %d runs, %d SIGKILLs, %d purchases, %d refused, %d refunds, %d runs failed, %d s%n", i, totalKills, receipts,
                refused, refunds, failed, (System.currentTimeMillis() - started) / 1000);
        return failed == 0;
    }

    private boolean races(long first, Path base, PrintWriter out) throws InterruptedException, IOException {
        Path runDir = base.resolve(mode + "-" + first);
        ConcurrencyRuns.Result r;
        // A few rounds are over before the optimising compiler would pay for itself.
        try (var cluster = Cluster.start(runDir, ConcurrencyRuns.SETTINGS, null, Files.createDirectories(base.resolve("class-archives")), runs <= 10)) {
            var races = new ConcurrencyRuns(cluster, out);
            r = mode == Mode.replay ? races.replays(first, runs, this::timeIsUp) : races.limits(first, runs, this::timeIsUp);
        }
        String what = mode == Mode.replay ? "approvals presented at once, " + r.presentations() + " presentations, "
                + r.doubles() + " gave more than one receipt, " + r.inexact() + " gave none"
                : "budgets, " + r.presentations() + " purchases at once, " + r.doubles() + " passed the limit, " + r.inexact() + " settled other than exactly what fits";
        out.printf("chaos %s, seed %d: %d %s; answers %s; %d s: %s%n", mode, first, r.rounds(), what, r.answers(), r.millis() / 1000,
                r.passed() ? "every invariant held" : "FAILED");
        r.violations().forEach(v -> out.println("  " + v));
        if (r.passed() && !keep) delete(runDir);
        return r.passed();
    }

    private final long startedAt = System.nanoTime();

    private boolean timeIsUp() {
        return minutes != null && System.nanoTime() - startedAt > java.util.concurrent.TimeUnit.MINUTES.toNanos(minutes);
    }

    private static void delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
