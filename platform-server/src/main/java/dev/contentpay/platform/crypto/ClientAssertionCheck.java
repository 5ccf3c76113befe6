package dev.contentpay.platform.crypto;

import com.nimbusds.jose.jwk.JWKSet;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one check a server makes of a caller's client assertion ({@link ClientAssertions}), so that
 * auth's dedicated line, the shop's content downloads and the bureau's reports refuse the same
 * things the same way: the signature against the keys registered for the asserted caller, the type,
 * the audience (this server), the expiry with a small allowed skew, a lifetime of at most a minute,
 * and the binding to this very request's method, path and body.
 *
 * <p>Every failure is {@code client_unauthenticated}, whatever the check that failed, so a caller
 * learns nothing about which one it was; the reason goes to the log for the operator of a
 * misconfigured caller, and the assertion itself (a credential for the next minute) never does.
 */
public final class ClientAssertionCheck {

    /** The clock difference allowed between caller and server. */
    public static final Duration SKEW = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ClientAssertionCheck.class);

    private final TokenVerifier verifier;
    private final String audience;
    private final String what;

    /**
     * @param keysOfCaller the public keys registered for an asserted caller id; null for a caller
     *                     that is not allowed at all
     * @param audience     this server's name, which the assertion must be made for
     * @param what         what is refused, for the log ("a call on the dedicated line")
     */
    public ClientAssertionCheck(Function<String, JWKSet> keysOfCaller, String audience, Clock clock, Duration skew, String what) {
        this.verifier = new TokenVerifier(keysOfCaller, clock, skew);
        this.audience = audience;
        this.what = what;
    }

    public ClientAssertionCheck(Function<String, JWKSet> keysOfCaller, String audience, Clock clock, String what) {
        this(keysOfCaller, audience, clock, SKEW, what);
    }

    /** A check for the one caller {@code callerId}, whose keys are {@code keys}. */
    public static ClientAssertionCheck of(String callerId, JWKSet keys, String audience, Clock clock, String what) {
        return new ClientAssertionCheck(caller -> callerId.equals(caller) ? keys : null, audience, clock, what);
    }

    /** The caller that the request's {@code Authorization} header proves, or {@code client_unauthenticated}. */
    public String callerOf(Context ctx, byte[] body) {
        return callerOf(ctx.header("Authorization"), ctx.method().name(), ctx.path(), body);
    }

    /** The caller that {@code authorization} proves for this method, path and body, or {@code client_unauthenticated}. */
    public String callerOf(String authorization, String method, String path, byte[] body) {
        try {
            return ClientAssertions.verify(verifier, authorization, audience, method, path, body).clientId();
        } catch (TokenException e) {
            LOG.warn("refused {} ({} {}): {} ({})", what, method, path, e.getMessage(), e.reason());
            throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED);
        }
    }
}
