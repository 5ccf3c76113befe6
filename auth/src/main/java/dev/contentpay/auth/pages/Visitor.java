package dev.contentpay.auth.pages;

import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.terminal.Terminal;

/**
 * Who is at the page: the signed-in subscriber (read afresh on every request, so a suspension
 * counts at once) and their session, the terminal this browser is remembered as, and the form
 * token for the forms shown to it. Any of the first three may be null.
 */
record Visitor(WebSessions.Session session, Subscriber subscriber, Terminal browser, String csrf) {

    boolean signedIn() {
        return subscriber != null;
    }

    String sessionHash() {
        return session == null ? null : session.idHash();
    }

    Views.Header header(String purchase) {
        return new Views.Header(signedIn() ? subscriber.displayName() : null, csrf, purchase);
    }
}
