package dev.contentpay.settlement.events;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

/**
 * Signs the event chain instead of each event: every {@link #INTERVAL}, if events were appended
 * since the last checkpoint, a JWS (typ {@value #TOKEN_TYPE}, settlement's key) stating the
 * chain's value after the newest event ({@code seq}, {@code chain}, {@code iss}, {@code iat}),
 * kept in {@code event_checkpoint} and served with the feed. Because each event's claims hold the
 * chain's value before it ({@code prev}), one signed value vouches for every event up to it: a
 * reader hashes the payloads back from the checkpoint. Signing happens on this thread, off the
 * database writer that appends the events, and costs one signature per checkpoint instead of one
 * per event. Several instances on one database may sign the same checkpoint; the first one kept wins.
 */
public final class EventCheckpoints implements AutoCloseable {

    public static final String TOKEN_TYPE = "settlement-checkpoint+jwt";
    /** How long the newest events may wait for a signed checkpoint. */
    public static final Duration INTERVAL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(EventCheckpoints.class);

    private final Database db;
    private final TokenSigner signer;
    private final String issuer;
    private final Clock clock;
    private Thread thread;
    private volatile boolean running;

    public EventCheckpoints(Database db, TokenSigner signer, String issuer, Clock clock) {
        this.db = db;
        this.signer = signer;
        this.issuer = issuer;
        this.clock = clock;
    }

    public synchronized EventCheckpoints start() {
        if (thread != null) return this;
        running = true;
        thread = Thread.ofPlatform().daemon().name("settlement-checkpoints").start(this::run);
        return this;
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL);
                checkpoint();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database closing with the server, or a passing failure: the next round tries again.
                if (running) LOG.warn("could not sign a checkpoint of the event chain: {}", e.getMessage());
            }
        }
    }

    /**
     * Signs the chain's value after the newest event, unless a checkpoint already covers it.
     * Returns the sequence number signed, if any.
     */
    public Optional<Long> checkpoint() {
        Optional<EventLog.Head> head = db.withHandle(EventLog::unsignedHead);
        if (head.isEmpty()) return Optional.empty();
        long now = clock.millis();
        var claims = new JWTClaimsSet.Builder().issuer(issuer).issueTime(new Date(now))
                .claim("seq", head.get().seq()).claim("chain", head.get().chain()).build();
        String jws = signer.sign(TOKEN_TYPE, claims);
        db.useTransaction(h -> EventLog.keepCheckpoint(h, head.get(), jws, now));
        return Optional.of(head.get().seq());
    }

    /** Stops the thread and signs what is left, so that a clean stop leaves no event unsigned. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.warn("could not sign the last checkpoint of the event chain: {}", e.getMessage());
        }
    }
}
