package dev.contentpay.auth.pages;

import io.javalin.http.Context;

import java.net.URI;

/**
 * The pages' cookies and the check of where a post comes from.
 * <p>
 * Every cookie is HttpOnly (no script may read it; the pages run none anyway) and SameSite=Lax:
 * the buyer reaches the approval page by a redirect from the merchant's site, and a Strict cookie
 * would not be sent on that arrival, so a signed-in buyer would look signed out. Lax still keeps
 * the cookies off every cross-site post; the form tokens ({@link FormGuard}) do the rest.
 * <p>
 * Secure rule: a cookie is marked Secure when the request came over https, directly or as a proxy
 * in front says with {@code X-Forwarded-Proto: https}. Browsers drop Secure cookies on plain http,
 * so the demo on http://127.0.0.1 gets them without the flag; in production auth is only reached
 * over https. Trusting the header can only ever add the flag. A Secure cookie whose path is {@code /}
 * also gets the {@code __Host-} prefix, which a browser accepts only from this host over https, so
 * no other host of the domain can plant or overwrite it.
 */
final class Cookies {

    static final String SESSION = "cp_session";
    static final String BROWSER = "cp_browser";
    static final String FORM = "cp_form";

    private Cookies() {
    }

    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    static String read(Context ctx, String name) {
        return ctx.cookie(nameFor(ctx, name));
    }

    /** {@code maxAgeSeconds} negative for a cookie that ends with the browser's session. */
    static void set(Context ctx, String name, String value, long maxAgeSeconds) {
        var header = new StringBuilder(nameFor(ctx, name)).append('=').append(value).append("; Path=/; HttpOnly; SameSite=Lax");
        if (maxAgeSeconds >= 0) header.append("; Max-Age=").append(maxAgeSeconds);
        if (secure(ctx)) header.append("; Secure");
        ctx.res().addHeader("Set-Cookie", header.toString());
    }

    static void clear(Context ctx, String name) {
        set(ctx, name, "", 0);
    }

    private static String nameFor(Context ctx, String name) {
        return secure(ctx) ? "__Host-" + name : name;
    }

    /**
     * The browser's own word that a post comes from one of auth's pages: {@code Sec-Fetch-Site:
     * same-origin}, or from a browser that does not send it, an {@code Origin} naming this host. A
     * post with neither (an old browser) is left to the form token alone.
     */
    static boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) return site.equals("same-origin");
        String origin = ctx.header("Origin");
        if (origin == null) return true;
        try {
            // Host and port only: behind a proxy that ends TLS the scheme seen here is not the browser's.
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(ctx.host());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
