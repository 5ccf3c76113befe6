package dev.contentpay.harness.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.concurrent.locks.LockSupport;

/**
 * A Java Flight Recording of this JVM over the measured part of a run only: started when the
 * warm-up ends, so start-up, class loading and the JIT's first compilations stay out of the
 * profile, and written to its file when stopped. The JDK's "profile" settings, less Jdbi's
 * per-statement event. Even so the recording costs about a fifth of the throughput of
 * {@code bench --self} on two cores, which is why scripts/bench records a run of its own and takes
 * its figures from runs without it.
 */
final class FlightRecording {

    private final Thread starter;
    private volatile Recording recording;
    private volatile boolean stopped;

    private FlightRecording(long atNanos, Path file) {
        this.starter = Thread.ofPlatform().daemon().name("bench-jfr").start(() -> {
            for (long wait = atNanos - System.nanoTime(); wait > 0 && !stopped; wait = atNanos - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (stopped) return;
            try {
                var r = new Recording(Configuration.getConfiguration("profile"));
                // Jdbi emits an event with a stack trace for every SQL statement when recording is
                // on: tens of thousands a second here, which would charge the recording's own cost
                // to the purchases. The execution samples say where statements cost.
                r.disable("jdbi.statement");
                r.setName("contentpay bench");
                r.setToDisk(true);
                r.setDestination(file);
                r.start();
                recording = r;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record to " + file, e);
            } catch (ParseException e) {
                throw new IllegalStateException("the JDK's 'profile' recording settings cannot be read", e);
            }
        });
    }

    /** Starts recording into {@code file} when {@link System#nanoTime()} reaches {@code atNanos}. */
    static FlightRecording startAt(long atNanos, Path file) {
        return new FlightRecording(atNanos, file.toAbsolutePath());
    }

    /** Stops the recording and writes it to its file (nothing, when it never started). */
    void stop() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(starter);
        starter.join();
        Recording r = recording;
        if (r != null) {
            r.stop();
            r.close();
        }
    }
}
