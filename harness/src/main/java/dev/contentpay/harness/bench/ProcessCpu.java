package dev.contentpay.harness.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * This process's CPU time from a moment on (the end of the warm-up), read from the JVM's
 * operating-system bean: the cost of the measured purchases, independent of how long they waited
 * for a core on a busy machine. Read at the same two moments: the time the JIT compiler spent
 * compiling and the collection time of every garbage collector, the two parts of that cost that are
 * the JVM's own rather than the purchases' code, and that a short warm-up inflates.
 */
final class ProcessCpu {

    /** What was used between the start and the end, in milliseconds; NaN for what the JVM cannot say. */
    record Used(double cpuMillis, double jitMillis, double gcMillis, double compilerCpuMillis) {
    }

    /** The four counters at one moment; -1 for one the JVM or the system does not keep. */
    private record Snapshot(long cpuNanos, long jitMillis, long gcMillis, long compilerCpuMillis) {
        static Snapshot now() {
            return new Snapshot(ProcessCpu.cpuNanos(), ProcessCpu.jitMillis(), ProcessCpu.gcMillis(), ProcessCpu.compilerCpuMillis());
        }
    }

    private final Thread starter;
    private volatile Snapshot start;

    private ProcessCpu(long atNanos) {
        this.starter = Thread.ofPlatform().daemon().name("bench-cpu").start(() -> {
            for (long wait = atNanos - System.nanoTime(); wait > 0; wait = atNanos - System.nanoTime()) LockSupport.parkNanos(wait);
            start = Snapshot.now();
        });
    }

    static ProcessCpu startAt(long atNanos) {
        return new ProcessCpu(atNanos);
    }

    /** Milliseconds of CPU since the start; NaN when the JVM cannot say, or the start never came. */
    double millisSinceStart() throws InterruptedException {
        return sinceStart().cpuMillis();
    }

    /** CPU, JIT compilation and garbage collection since the start, each NaN when the JVM cannot say or the start never came. */
    Used sinceStart() throws InterruptedException {
        starter.join();
        Snapshot end = Snapshot.now();
        Snapshot from = start;
        if (from == null) return new Used(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        return new Used(from.cpuNanos() < 0 || end.cpuNanos() < 0 ? Double.NaN : (end.cpuNanos() - from.cpuNanos()) / 1e6,
                difference(from.jitMillis(), end.jitMillis()), difference(from.gcMillis(), end.gcMillis()),
                difference(from.compilerCpuMillis(), end.compilerCpuMillis()));
    }

    private static double difference(long from, long to) {
        return from < 0 || to < 0 ? Double.NaN : to - from;
    }

    /**
     * The CPU time (user and system) of the JIT compiler's threads, from Linux's {@code /proc/self/task}
     * (HotSpot names them "C1 CompilerThread" and "C2 CompilerThread"), or -1 where there is no such
     * file. A compiler thread the JVM stopped meanwhile takes its time with it, so this can only
     * understate. The JVM's own compilation time is elapsed time, and on a busy machine compilation
     * waits for a core: this is what it cost.
     */
    private static long compilerCpuMillis() {
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) return -1;
        long ticks = 0;
        for (File task : tasks) {
            try {
                ProcStat thread = ProcStat.read(task.toPath().resolve("stat"));
                if (thread.name().contains("CompilerThre")) ticks += thread.cpuTicks();
            } catch (IOException | RuntimeException gone) {
                // a thread that ended between the listing and the read
            }
        }
        return ticks * ProcStat.MILLIS_PER_TICK;
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The JIT compiler's accumulated compilation time (elapsed time of its threads), or -1 without a compiler that counts it. */
    private static long jitMillis() {
        var compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
    }

    /**
     * The accumulated collection time of every collector (for G1: its young and mixed pauses, full
     * collections, and the elapsed time of its concurrent cycles), or -1 when none counts it.
     */
    private static long gcMillis() {
        long total = -1;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            long t = gc.getCollectionTime();
            if (t >= 0) total = Math.max(total, 0) + t;
        }
        return total;
    }
}
