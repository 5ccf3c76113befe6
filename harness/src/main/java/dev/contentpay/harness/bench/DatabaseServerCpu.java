package dev.contentpay.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The CPU of a database server's own processes on this machine (PostgreSQL's: every process named
 * {@code postgres}) from a moment on, read from Linux's {@code /proc}: with {@code --database
 * postgres} the database is part of the system whose cost a purchase is, and it runs outside the
 * JVM. A process that ends during the window takes its ticks with it (the bench's pooled
 * connections do not end); one that starts during it counts from zero. NaN where there is no
 * {@code /proc}.
 */
final class DatabaseServerCpu {

    private final String command;
    private final Thread starter;
    private volatile long startTicks = -1;

    private DatabaseServerCpu(String command, long atNanos) {
        this.command = command;
        this.starter = Thread.ofPlatform().daemon().name("bench-db-cpu").start(() -> {
            for (long wait = atNanos - System.nanoTime(); wait > 0; wait = atNanos - System.nanoTime()) LockSupport.parkNanos(wait);
            startTicks = ticks(command);
        });
    }

    static DatabaseServerCpu postgresAt(long atNanos) {
        return new DatabaseServerCpu("postgres", atNanos);
    }

    double millisSinceStart() throws InterruptedException {
        starter.join();
        long end = ticks(command);
        return startTicks < 0 || end < 0 ? Double.NaN : (double) (end - startTicks) * ProcStat.MILLIS_PER_TICK;
    }

    /** User and system ticks of every process whose command is {@code command}; -1 without /proc. */
    private static long ticks(String command) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) return -1;
        long total = 0;
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) continue;
                try {
                    if (!command.equals(Files.readString(p.resolve("comm")).strip())) continue;
                    total += ProcStat.read(p.resolve("stat")).cpuTicks();
                } catch (IOException | RuntimeException gone) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }
}
