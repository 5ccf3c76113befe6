package dev.contentpay.auth.pages;

import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.terminal.Terminal;
import dev.contentpay.platform.web.PageLanguage;

/**
 * Who is at the page: the signed-in subscriber (read afresh on every request, so a suspension
 * counts at once) and their session, the terminal this browser is remembered as, and the form
 * token for the forms shown to it, and the language its pages are written in. Any of the first
 * three may be null.
 */
record Visitor(WebSessionStore.Session session, Subscriber subscriber, Terminal browser, String csrf, PageLanguage msg) {

    boolean signedIn() {
        return subscriber != null;
    }

    String sessionHash() {
        return session == null ? null : session.idHash();
    }

    /**
     * What this visitor's form tokens are bound to ({@link dev.contentpay.platform.web.FormTokens}):
     * the session's hash, or {@code -} before sign-in, so no token fits both sides of a sign-in.
     */
    String formBinding() {
        return formBinding(session);
    }

    static String formBinding(WebSessionStore.Session session) {
        return session == null ? "-" : session.idHash();
    }

    Views.Header header(String purchase) {
        return new Views.Header(signedIn() ? subscriber.displayName() : null, csrf, purchase, msg);
    }
}
