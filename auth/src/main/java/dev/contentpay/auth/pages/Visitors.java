package dev.contentpay.auth.pages;

import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.terminal.Terminal;
import dev.contentpay.auth.terminal.TerminalService;
import io.javalin.http.Context;

/** Works out the {@link Visitor} of a request from its cookies. */
final class Visitors {

    /**
     * A year: the credential itself lasts until the subscriber revokes it; the cookie only has to
     * outlive a year of occasional purchases (browsers cap cookies at about 400 days anyway).
     */
    static final long REMEMBER_FOR_SECONDS = 365L * 24 * 3600;

    private final WebSessions sessions;
    private final SubscriberStore subscribers;
    private final TerminalService terminals;
    private final FormGuard guard;

    Visitors(WebSessions sessions, SubscriberStore subscribers, TerminalService terminals, FormGuard guard) {
        this.sessions = sessions;
        this.subscribers = subscribers;
        this.terminals = terminals;
        this.guard = guard;
    }

    Visitor of(Context ctx) {
        WebSessions.Session session = sessions.find(Cookies.read(ctx, Cookies.SESSION)).orElse(null);
        Subscriber subscriber = session == null ? null : subscribers.find(session.subscriberId()).orElse(null);
        if (subscriber == null) session = null;
        String csrf = guard.token(FormGuard.formCookie(ctx), session == null ? null : session.idHash());
        return new Visitor(session, subscriber, rememberedBrowser(ctx), csrf);
    }

    /** The cookie is {@code <terminal id>.<browser credential>}; one that no longer fits is thrown away. */
    private Terminal rememberedBrowser(Context ctx) {
        String cookie = Cookies.read(ctx, Cookies.BROWSER);
        if (cookie == null || cookie.isEmpty()) return null;
        int dot = cookie.indexOf('.');
        Terminal terminal = dot <= 0 ? null : terminals.browserTerminal(cookie.substring(0, dot), cookie.substring(dot + 1)).orElse(null);
        if (terminal == null) Cookies.clear(ctx, Cookies.BROWSER);
        return terminal;
    }

    /**
     * Gives the browser its new session (a new id at every sign-in, so an id planted before sign-in
     * is worth nothing after), ending the one it had, and remembers the browser when asked.
     */
    void startSession(Context ctx, Visitor before, SignInService.SignedIn done) {
        if (before.session() != null) sessions.end(Cookies.read(ctx, Cookies.SESSION));
        // A browser-session cookie: closing the browser ends it, and the server ends it sooner (WebSessions).
        Cookies.set(ctx, Cookies.SESSION, done.sessionId(), -1);
        if (done.browserCookie() != null) Cookies.set(ctx, Cookies.BROWSER, done.browserCookie(), REMEMBER_FOR_SECONDS);
    }

    /** Signs out: the session ends on the server, and the cookie goes. */
    void endSession(Context ctx) {
        sessions.end(Cookies.read(ctx, Cookies.SESSION));
        Cookies.clear(ctx, Cookies.SESSION);
    }

    static String browserCookie(Terminal terminal, String credential) {
        return terminal.id() + "." + credential;
    }
}
