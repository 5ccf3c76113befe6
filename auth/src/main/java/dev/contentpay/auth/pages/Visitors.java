package dev.contentpay.auth.pages;

import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.terminal.Terminal;
import dev.contentpay.auth.terminal.TerminalService;
import dev.contentpay.platform.web.Cookies;
import dev.contentpay.platform.web.FormTokens;
import dev.contentpay.platform.web.PageLanguage;
import io.javalin.http.Context;

import java.util.Set;

import java.time.Duration;

/**
 * Works out the {@link Visitor} of a request from its cookies, and gives and takes those cookies.
 * Their rules (HttpOnly, SameSite=Lax, Secure over https with the {@code __Host-} prefix) are the
 * platform's {@link Cookies}: Lax, not Strict, because the buyer reaches the approval page by a
 * redirect from the merchant's site, on which a Strict cookie would not be sent.
 */
final class Visitors {

    static final String SESSION = "cp_session";
    static final String BROWSER = "cp_browser";
    static final String FORM = "cp_form";

    /**
     * A year: the credential itself lasts until the subscriber revokes it; the cookie only has to
     * outlive a year of occasional purchases (browsers cap cookies at about 400 days anyway).
     */
    static final Duration REMEMBER_FOR = Duration.ofDays(365);

    private final WebSessions sessions;
    private final SubscriberStore subscribers;
    private final TerminalService terminals;
    private final Cookies cookies;
    private final FormTokens forms;

    Visitors(WebSessions sessions, SubscriberStore subscribers, TerminalService terminals, Cookies cookies, FormTokens forms) {
        this.sessions = sessions;
        this.subscribers = subscribers;
        this.terminals = terminals;
        this.cookies = cookies;
        this.forms = forms;
    }

    /**
     * What the language switch keeps of a page's address: the purchase being approved, the sign-in
     * form asked for, the statement's period. Notices are said once and not carried.
     */
    private static final Set<String> CARRIED = Set.of("purchase", "with", "from", "to");

    Visitor of(Context ctx) {
        WebSessionStore.Session session = sessions.find(cookies.read(ctx, SESSION)).orElse(null);
        Subscriber subscriber = session == null ? null : subscribers.find(session.subscriberId()).orElse(null);
        if (subscriber == null) session = null;
        return new Visitor(session, subscriber, rememberedBrowser(ctx), forms.tokenFor(ctx, Visitor.formBinding(session)),
                PageLanguage.of(ctx, cookies, PageRenderer.WORDS, "/account", CARRIED));
    }

    /** Whether this post comes from a page auth showed this browser in this visitor's session. */
    boolean posted(Context ctx, Visitor visitor) {
        return forms.accepts(ctx, visitor.formBinding());
    }

    /** The cookie is {@code <terminal id>.<browser credential>}; one that no longer fits is thrown away. */
    private Terminal rememberedBrowser(Context ctx) {
        String cookie = cookies.read(ctx, BROWSER);
        if (cookie == null) return null;
        int dot = cookie.indexOf('.');
        Terminal terminal = dot <= 0 ? null : terminals.browserTerminal(cookie.substring(0, dot), cookie.substring(dot + 1)).orElse(null);
        if (terminal == null) forgetBrowser(ctx);
        return terminal;
    }

    /** This browser is no longer remembered here: the next sign-in asks for the password. */
    void forgetBrowser(Context ctx) {
        cookies.clear(ctx, BROWSER);
    }

    /**
     * Gives the browser its new session (a new id at every sign-in, so an id planted before sign-in
     * is worth nothing after), ending the one it had, and remembers the browser when asked.
     */
    void startSession(Context ctx, Visitor before, SignInService.SignedIn done) {
        if (before.session() != null) sessions.end(cookies.read(ctx, SESSION));
        // A browser-session cookie: closing the browser ends it, and the server ends it sooner (WebSessions).
        cookies.cookie(SESSION, done.sessionId()).on(ctx);
        if (done.browserCookie() != null) cookies.cookie(BROWSER, done.browserCookie()).maxAge(REMEMBER_FOR).on(ctx);
    }

    /** Signs out: the session ends on the server, and the cookie goes. */
    void endSession(Context ctx) {
        sessions.end(cookies.read(ctx, SESSION));
        cookies.clear(ctx, SESSION);
    }

    static String browserCookie(Terminal terminal, String credential) {
        return terminal.id() + "." + credential;
    }
}
