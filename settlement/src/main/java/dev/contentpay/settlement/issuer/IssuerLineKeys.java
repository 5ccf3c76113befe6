package dev.contentpay.settlement.issuer;

import dev.contentpay.platform.crypto.LineMac;
import dev.contentpay.platform.http.ServiceClient;
import dev.contentpay.protocol.LineKeyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This merchant's line key at the issuer ({@code POST /v1/merchant/line-keys}, asked with a signed
 * assertion): calls on the dedicated line are bound by a MAC under it, two HMACs instead of an
 * Ed25519 signature here and a check there. A key is renewed two minutes before it expires, by one
 * caller while the others go on with the old key; when none can be had (an issuer that does not
 * give them, or is down), calls carry signed assertions and the next try is half a minute later.
 */
public final class IssuerLineKeys implements ServiceClient.LineKeySource {

    private static final Logger LOG = LoggerFactory.getLogger(IssuerLineKeys.class);
    static final String LINE_KEYS = "/v1/merchant/line-keys";
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);
    private static final Duration STILL_USABLE = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final ServiceClient issuer;
    private final Clock clock;
    private final ReentrantLock renewing = new ReentrantLock();
    private volatile LineMac.Key key;
    private volatile Instant nextTry = Instant.MIN;

    /** {@code issuer} calls with signed assertions only (its identity has no line key source). */
    public IssuerLineKeys(ServiceClient issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public LineMac.Key current() {
        LineMac.Key held = key;
        Instant now = clock.instant();
        if (held != null && held.expiresAt().isAfter(now.plus(RENEW_BEFORE))) return held;
        LineMac.Key stillUsable = held != null && held.expiresAt().isAfter(now.plus(STILL_USABLE)) ? held : null;
        if (now.isBefore(nextTry) || !renewing.tryLock()) return stillUsable;
        try {
            LineKeyResponse answer = issuer.post(LINE_KEYS, Map.of(), null, LineKeyResponse.class);
            key = new LineMac.Key(answer.keyId(), Base64.getUrlDecoder().decode(answer.key()), answer.expiresAt());
            return key;
        } catch (RuntimeException e) {
            nextTry = now.plus(RETRY_AFTER);
            LOG.warn("could not obtain a line key from the issuer ({}); calls carry signed assertions meanwhile", e.toString());
            return stillUsable;
        } finally {
            renewing.unlock();
        }
    }

    @Override
    public void refused(LineMac.Key refused) {
        if (key == refused) key = null;
    }
}
