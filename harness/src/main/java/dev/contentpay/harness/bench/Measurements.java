package dev.contentpay.harness.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the buyers measured, in microseconds: the whole purchase, each of its steps, and the
 * refusals by code. Buyers record from many threads into HdrHistogram {@link Recorder}s, which
 * never block them; one collector thread takes an interval's worth every second, for the progress
 * line, and adds it to the totals. Only purchases meant to start after the warm-up count: one
 * started during the warm-up and ended after it shows on the progress line but not in the totals,
 * just as one started before the end and ended after it does count, so the two edges balance.
 */
final class Measurements {

    /** The steps of one purchase, as the terminal sees them. */
    enum Step {
        SELECT("select", "shop: order and sealed purchasing information"),
        APPROVE("approve", "auth: credentials, policy, approval"),
        PRESENT("present", "settlement: judged by auth, settled, receipt and content (in the same answer up to 1 MiB, "
                + "downloaded by the receipt's link above; from the shop the first time)");

        final String label;
        final String about;

        Step(String label, String about) {
            this.label = label;
            this.about = about;
        }
    }

    /** One second's worth, for the progress line; also added to the totals after the warm-up. */
    record Interval(Histogram total, Histogram service, Map<Step, Histogram> steps, Map<String, Long> errors) {
        long completed() {
            return total.getTotalCount();
        }

        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final int DIGITS = 3;

    private final long measureFromNanos;
    private final Recorder warmup = new Recorder(DIGITS);
    private final Recorder total = new Recorder(DIGITS);
    private final Recorder service = new Recorder(DIGITS);
    private final Map<Step, Recorder> steps = new EnumMap<>(Step.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder warmupErrors = new LongAdder();

    private final Histogram totalSum = new Histogram(DIGITS);
    private final Histogram serviceSum = new Histogram(DIGITS);
    private final Map<Step, Histogram> stepSums = new EnumMap<>(Step.class);
    private final Map<String, Long> errorSums = new TreeMap<>();

    /** Purchases meant to start before {@code measureFromNanos} are the warm-up's. */
    Measurements(long measureFromNanos) {
        this.measureFromNanos = measureFromNanos;
        for (Step s : Step.values()) {
            steps.put(s, new Recorder(DIGITS));
            stepSums.put(s, new Histogram(DIGITS));
        }
    }

    /**
     * A completed purchase. {@code intended} is when it should have started (the open loop's
     * schedule; the actual start in a closed loop), so a stalled system is charged for the
     * buyers it kept waiting (coordinated omission); {@code started} is when it did start.
     */
    void completed(long intendedNanos, long startedNanos, long endNanos, long[] stepNanos) {
        if (intendedNanos < measureFromNanos) {
            warmup.recordValue(micros(endNanos - intendedNanos));
            return;
        }
        total.recordValue(micros(endNanos - intendedNanos));
        service.recordValue(micros(endNanos - startedNanos));
        for (Step s : Step.values()) steps.get(s).recordValue(micros(stepNanos[s.ordinal()]));
    }

    void failed(String code, long intendedNanos) {
        if (intendedNanos < measureFromNanos) warmupErrors.increment();
        else errors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /**
     * Takes what was recorded since the last call and adds it to the totals. The interval's
     * {@code total} also holds the warm-up's purchases, for the progress line; its errors hold the
     * warm-up's as {@code warm-up}.
     */
    synchronized Interval interval() {
        var stepIntervals = new EnumMap<Step, Histogram>(Step.class);
        steps.forEach((s, r) -> stepIntervals.put(s, r.getIntervalHistogram()));
        var errorCounts = new TreeMap<String, Long>();
        errors.forEach((code, n) -> {
            long v = n.sumThenReset();
            if (v > 0) errorCounts.put(code, v);
        });
        Histogram measured = total.getIntervalHistogram();
        totalSum.add(measured);
        var service = this.service.getIntervalHistogram();
        serviceSum.add(service);
        stepIntervals.forEach((s, h) -> stepSums.get(s).add(h));
        errorCounts.forEach((code, n) -> errorSums.merge(code, n, Long::sum));
        Histogram shown = warmup.getIntervalHistogram();
        shown.add(measured);
        long warmupFailed = warmupErrors.sumThenReset();
        if (warmupFailed > 0) errorCounts.put("warm-up", warmupFailed);
        return new Interval(shown, service, stepIntervals, errorCounts);
    }

    synchronized Histogram total() {
        return totalSum.copy();
    }

    synchronized Histogram service() {
        return serviceSum.copy();
    }

    synchronized Map<Step, Histogram> steps() {
        var copy = new EnumMap<Step, Histogram>(Step.class);
        stepSums.forEach((s, h) -> copy.put(s, h.copy()));
        return copy;
    }

    synchronized Map<String, Long> errors() {
        return new TreeMap<>(errorSums);
    }

    private static long micros(long nanos) {
        return Math.max(1, nanos / 1_000);
    }
}
