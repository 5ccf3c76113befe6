package dev.contentpay.auth.pages;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.id.Ids;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side sessions of signed-in browsers, in auth's database ({@link WebSessionStore}), so that
 * signing out ends a session for good and every auth instance knows every session. The browser
 * holds a random 256-bit id in a cookie; the table holds only its SHA-256.
 * <p>
 * A session ends after {@link #IDLE} without a request or {@link #ABSOLUTE} after sign-in, whichever
 * comes first: short, because these pages spend money and show the bill.
 */
final class WebSessions {

    static final Duration IDLE = Duration.ofMinutes(15);
    static final Duration ABSOLUTE = Duration.ofHours(8);
    /** A request notes its time only when the last note is older than this: no write on every page view. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final WebSessionStore store;
    private final Clock clock;
    private final AtomicLong lastPurge = new AtomicLong();

    WebSessions(WebSessionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new session; returns the id for the cookie, which is never stored. */
    String create(String subscriberId, WebSessionStore.Method method) {
        String id = Ids.randomToken(32);
        long now = clock.millis();
        purgeNowAndThen(now);
        store.insert(hash(id), subscriberId, method, now, now + ABSOLUTE.toMillis());
        return id;
    }

    /** The live session of this cookie value, its last-seen time moved on. */
    Optional<WebSessionStore.Session> find(String id) {
        if (id == null || id.length() != 43) return Optional.empty();
        long now = clock.millis();
        Optional<WebSessionStore.Session> found = store.findLive(hash(id), now, now - IDLE.toMillis());
        found.filter(s -> now - s.lastSeenAt().toEpochMilli() > TOUCH_EVERY.toMillis()).ifPresent(s -> store.touch(s.idHash(), now));
        return found;
    }

    /** Signs out: the session is gone, whatever the browser does with its cookie. */
    void end(String id) {
        if (id == null) return;
        store.delete(hash(id));
    }

    static String hash(String id) {
        return ClientAssertions.sha256Hex(id);
    }

    /** Forgets ended sessions at most every ten minutes, so the table holds only live ones and a few. */
    private void purgeNowAndThen(long now) {
        long last = lastPurge.get();
        if (now - last < PURGE_EVERY.toMillis() || !lastPurge.compareAndSet(last, now)) return;
        store.purge(now, now - IDLE.toMillis());
    }
}
