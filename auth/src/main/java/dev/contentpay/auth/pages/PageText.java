package dev.contentpay.auth.pages;

import dev.contentpay.platform.crypto.ClientAssertions;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small pieces of wording the pages share. */
final class PageText {

    static final String EXPIRED = "This page has expired. Please check it and try again.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private PageText() {
    }

    static String time(Instant at) {
        return at == null ? "never" : TIME.format(at);
    }

    /** What the budget left is called for each kind of account ([0090]). */
    static String remainingLabel(String limitKind) {
        return switch (limitKind) {
            case "prepaid" -> "Your prepaid balance";
            case "points" -> "Your points";
            default -> "Left of your monthly limit";
        };
    }

    static String kindLabel(String limitKind) {
        return switch (limitKind) {
            case "prepaid" -> "Prepaid balance";
            case "points" -> "Points";
            default -> "Monthly credit limit";
        };
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
