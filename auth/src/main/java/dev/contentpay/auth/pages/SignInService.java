package dev.contentpay.auth.pages;

import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.terminal.Terminal;
import dev.contentpay.auth.terminal.TerminalService;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in on auth's pages, through the same {@link Authenticator} as every other way in: an
 * unknown id and a wrong password get the same answer after the same work, and failed passwords
 * and PINs count toward the same lockout.
 * <ul>
 *   <li>With id and password, optionally remembering the browser as a terminal (docs/WEB.md).</li>
 *   <li>With the PIN alone, on a browser remembered as one of the subscriber's terminals: the
 *       browser is what the subscriber has, the PIN what they know.</li>
 * </ul>
 */
final class SignInService {

    private static final Logger LOG = LoggerFactory.getLogger(SignInService.class);

    /**
     * A completed sign-in: the session id for the cookie, and the new remembered-browser cookie
     * value when the browser was just remembered (else null); {@code notice} is the error code of
     * a remembering that failed (the page then says so in its own words), else null.
     */
    record SignedIn(Subscriber subscriber, String sessionId, String browserCookie, String notice) {
    }

    private final Authenticator authenticator;
    private final SubscriberStore subscribers;
    private final TerminalService terminals;
    private final WebSessions sessions;

    SignInService(Authenticator authenticator, SubscriberStore subscribers, TerminalService terminals, WebSessions sessions) {
        this.authenticator = authenticator;
        this.subscribers = subscribers;
        this.terminals = terminals;
        this.sessions = sessions;
    }

    SignedIn withPassword(String subscriberId, String password, boolean remember, String browserName) {
        if (subscriberId == null || subscriberId.isBlank() || password == null || password.isEmpty()) {
            // Refused before the Authenticator: an empty form is a slip, not a guess, and counts for nothing.
            throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
        }
        // signIn, not authenticate: a suspended subscriber may still read their bill and revoke terminals.
        Subscriber subscriber = authenticator.signIn(subscriberId.strip(), password);
        String browserCookie = null;
        String notice = null;
        if (remember) {
            try {
                browserCookie = remember(subscriber, browserName);
            } catch (ContentpayException e) {
                // Signing in still counts; only the remembering failed, and the page says so.
                notice = e.code().name();
            }
        }
        return new SignedIn(subscriber, sessions.create(subscriber.id(), WebSessionStore.Method.PASSWORD), browserCookie, notice);
    }

    /**
     * Lifts the lock on the signed-in subscriber's PIN use, once they typed their password again:
     * signing in with a remembered browser's PIN is not enough, since the PIN is what was guessed.
     */
    boolean unlockPin(Subscriber subscriber, String password) {
        if (password == null || password.isEmpty()) throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
        Subscriber proven = authenticator.signIn(subscriber.id(), password);
        return authenticator.resetPinLock(proven);
    }

    /** The end of the lock on the subscriber's PIN use, if it is locked now. */
    java.util.Optional<java.time.Instant> pinLockedUntil(Subscriber subscriber) {
        return authenticator.pinLockedUntil(subscriber);
    }

    SignedIn withPin(Terminal browser, String pin) {
        if (pin == null || pin.isBlank()) throw new ContentpayException(ErrorCode.PIN_REQUIRED);
        Subscriber subscriber = subscribers.find(browser.subscriberId()).orElseThrow(() -> new ContentpayException(ErrorCode.TERMINAL_REVOKED));
        authenticator.verifyPin(subscriber, pin.strip());
        // Checked again after the PIN, in a transaction: a revocation made meanwhile wins.
        if (!terminals.noteBrowserUse(browser.id())) throw new ContentpayException(ErrorCode.TERMINAL_REVOKED);
        return new SignedIn(subscriber, sessions.create(subscriber.id(), WebSessionStore.Method.PIN), null, null);
    }

    /** A browser is remembered only for an active subscriber with a PIN: the PIN is what it asks next time. */
    private String remember(Subscriber subscriber, String browserName) {
        if (subscriber.pinHash() == null) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "Your account has no PIN to sign in with next time.");
        }
        Terminal terminal = terminals.enrollBrowser(subscriber, browserName);
        LOG.info("browser remembered as terminal {} for subscriber {}", terminal.id(), subscriber.id());
        return Visitors.browserCookie(terminal, terminals.browserCredentialOf(terminal.id()));
    }
}
