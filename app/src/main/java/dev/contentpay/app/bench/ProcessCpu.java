package dev.contentpay.app.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * This process's CPU time from a moment on (the end of the warm-up), read from the JVM's
 * operating-system bean: the cost of the measured purchases, independent of how long they waited
 * for a core on a busy machine.
 */
final class ProcessCpu {

    private final Thread starter;
    private volatile long startNanos = -1;

    private ProcessCpu(long atNanos) {
        this.starter = Thread.ofPlatform().daemon().name("bench-cpu").start(() -> {
            for (long wait = atNanos - System.nanoTime(); wait > 0; wait = atNanos - System.nanoTime()) LockSupport.parkNanos(wait);
            startNanos = cpuNanos();
        });
    }

    static ProcessCpu startAt(long atNanos) {
        return new ProcessCpu(atNanos);
    }

    /** Milliseconds of CPU since the start; NaN when the JVM cannot say, or the start never came. */
    double millisSinceStart() throws InterruptedException {
        starter.join();
        long now = cpuNanos();
        return startNanos < 0 || now < 0 ? Double.NaN : (now - startNanos) / 1e6;
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
