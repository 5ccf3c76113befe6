package dev.contentpay.auth.pages;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.platform.web.PageLanguage;
import io.javalin.http.Context;

import java.time.Instant;

/** Small pieces of wording the pages share. */
final class PageText {

    private PageText() {
    }

    /** A time for people: local to the issuer's billing zone, with the zone named, in the page's language. */
    static String time(Instant at, BillingZone zone, PageLanguage msg) {
        return at == null ? msg.get("time.never") : zone.display(at, msg.locale());
    }

    /** What the budget left is called for each kind of account ([0090]). */
    static String remainingLabel(String limitKind, PageLanguage msg) {
        return msg.getOr("remaining." + limitKind, "remaining.credit");
    }

    static String kindLabel(String limitKind, PageLanguage msg) {
        return msg.getOr("kind." + limitKind, "kind.credit");
    }

    /**
     * A name for a browser remembered as a terminal, so the subscriber can tell it apart in their
     * list: "Web browser (Chrome on Android)". Only fixed words are taken from the User-Agent.
     */
    static String browserName(Context ctx) {
        String agent = ctx.userAgent() == null ? "" : ctx.userAgent();
        String browser = agent.contains("Edg/") ? "Edge" : agent.contains("Firefox/") ? "Firefox"
                : agent.contains("Chrome/") ? "Chrome" : agent.contains("Safari/") ? "Safari" : "a browser";
        String system = agent.contains("Android") ? "Android" : agent.contains("iPhone") || agent.contains("iPad") ? "iOS"
                : agent.contains("Windows") ? "Windows" : agent.contains("Mac OS") ? "macOS" : agent.contains("Linux") ? "Linux" : null;
        return "Web browser (" + browser + (system == null ? "" : " on " + system) + ")";
    }

    /** Idempotency scopes must fit 64 characters; a long subscriber id is shortened to a hash of itself. */
    static String scope(String prefix, String subscriberId) {
        String scope = prefix + subscriberId;
        return scope.length() <= 64 ? scope : prefix + ClientAssertions.sha256Hex(subscriberId).substring(0, 64 - prefix.length());
    }
}
