package dev.contentpay.platform.web;

import io.javalin.http.Context;

import java.net.URI;

/**
 * The browser's own word on where a state-changing post comes from, checked before its form
 * token ({@link FormTokens}). A post must say {@code Sec-Fetch-Site: same-origin}; a browser that
 * does not send that header must name this host in {@code Origin}, or failing that in
 * {@code Referer}. A post with none of the three (an old browser, or a page that sends no
 * referrer) is left to the form token alone, which is what stops it then.
 * <p>
 * Host and port are compared, not the scheme: behind a proxy that ends TLS the scheme seen here is
 * not the browser's. An {@code Origin: null} (a sandboxed or privacy-sensitive context) or an
 * address that does not parse is not this host.
 */
public final class OriginCheck {

    private OriginCheck() {
    }

    /** Whether the post in {@code ctx} comes from a page of this very host. */
    public static boolean sameOrigin(Context ctx) {
        return sameOrigin(ctx.header("Sec-Fetch-Site"), ctx.header("Origin"), ctx.header("Referer"), ctx.host());
    }

    /** The same judgement on the headers themselves; any of them may be null. */
    static boolean sameOrigin(String fetchSite, String origin, String referer, String host) {
        if (fetchSite != null) return fetchSite.equals("same-origin");
        if (origin != null) return namesHost(origin, host);
        if (referer != null) return namesHost(referer, host);
        return true;
    }

    private static boolean namesHost(String address, String host) {
        if (host == null || host.isEmpty()) return false;
        try {
            String authority = URI.create(address.strip()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
