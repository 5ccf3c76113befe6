package dev.contentpay.shop.web;

import io.javalin.http.Context;

import java.net.URI;

/**
 * Cookies and the checks of where a request comes from, for the shop's pages.
 * <p>
 * Secure rule: a cookie is marked Secure when the request came over https (directly, or as a proxy
 * in front says with {@code X-Forwarded-Proto: https}) or when the shop's public address is https.
 * Browsers drop Secure cookies on plain http, so the demo on http://127.0.0.1 gets them without
 * the flag. Trusting the header can only ever add the flag, never take it away. A Secure cookie
 * also gets the {@code __Host-} prefix, which a browser accepts only from this very host, over
 * https, for the whole site: no subdomain can plant one.
 */
final class Cookies {

    private Cookies() {
    }

    static boolean secure(Context ctx, URI publicUrl) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"))
                || publicUrl != null && "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    static String read(Context ctx, String name, boolean secure) {
        return ctx.cookie(secure ? "__Host-" + name : name);
    }

    /** HttpOnly and SameSite=Lax always; {@code maxAge} negative for a cookie that ends with the browser session. */
    static void set(Context ctx, String name, String value, String path, long maxAge, boolean secure) {
        var header = new StringBuilder(secure ? "__Host-" + name : name).append('=').append(value)
                .append("; Path=").append(path).append("; HttpOnly; SameSite=Lax");
        if (maxAge >= 0) header.append("; Max-Age=").append(maxAge);
        if (secure) header.append("; Secure");
        ctx.res().addHeader("Set-Cookie", header.toString());
    }

    /**
     * The browser's own word that a post comes from this site: {@code Sec-Fetch-Site: same-origin},
     * or, from a browser that does not send that header, an {@code Origin} naming this host. A post
     * with neither header (an old browser, a script) is left to the form token alone.
     */
    static boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) return site.equals("same-origin");
        String origin = ctx.header("Origin");
        if (origin == null) return true;
        try {
            // Host and port only: behind a proxy that ends TLS the scheme seen here differs from the browser's.
            return URI.create(origin).getRawAuthority().equalsIgnoreCase(ctx.host());
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
