package dev.contentpay.platform.web;

import io.javalin.http.Context;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The one place where a server's cookies are written and read, so every cookie follows the same
 * rules (docs/WEB.md, section 6).
 * <ul>
 *   <li><b>HttpOnly</b> always, unless a cookie is explicitly made readable by script (none is:
 *       the pages run no script).</li>
 *   <li><b>SameSite=Lax</b> unless asked for Strict: buyers arrive at the pages by redirects from
 *       another party's site, on which Strict cookies are not sent; Lax still keeps them off every
 *       cross-site post.</li>
 *   <li><b>The Secure rule</b>: Secure when the request came over https, directly or as a proxy in
 *       front says with {@code X-Forwarded-Proto: https}, or when the server's configured public
 *       address is https. Browsers drop Secure cookies on plain http, so the demo on
 *       http://127.0.0.1 gets them without the flag; trusting the header can only ever add it.</li>
 *   <li>A Secure cookie carries the prefix that binds it further: {@code __Host-} for a site-wide
 *       cookie (path {@code /}: only this host, over https, can set it, so no sibling subdomain can
 *       plant one), {@code __Secure-} for one scoped to a narrower path. Over https only the
 *       prefixed name is read, so a cookie planted without the prefix is ignored.</li>
 *   <li>A missing or blank cookie reads as null; a cookie is never set to null or to a value a
 *       browser would split or mangle (the error names the cookie, never its value).</li>
 * </ul>
 */
public final class Cookies {

    /** Which cross-site requests carry the cookie: Lax (top-level navigations) or Strict (none). */
    public enum SameSite {
        LAX("Lax"), STRICT("Strict");

        private final String attribute;

        SameSite(String attribute) {
            this.attribute = attribute;
        }
    }

    static final String HOST_PREFIX = "__Host-";
    static final String SECURE_PREFIX = "__Secure-";

    private final boolean configuredSecure;

    private Cookies(boolean configuredSecure) {
        this.configuredSecure = configuredSecure;
    }

    /** The cookies of a server whose public address is {@code publicUrl}; null when it has none configured. */
    public static Cookies forSite(URI publicUrl) {
        return new Cookies(publicUrl != null && "https".equalsIgnoreCase(publicUrl.getScheme()));
    }

    /** The Secure rule for this request. */
    public boolean secure(Context ctx) {
        return configuredSecure || "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /** The value of the site-wide cookie {@code name}, or null when it is missing or blank. */
    public String read(Context ctx, String name) {
        return present(ctx.cookie(secure(ctx) ? HOST_PREFIX + name : name));
    }

    /** The value of the path-scoped cookie {@code name}, or null when it is missing or blank. */
    public String readScoped(Context ctx, String name) {
        return present(ctx.cookie(secure(ctx) ? SECURE_PREFIX + name : name));
    }

    /** A cookie to set, site-wide and ending with the browser's session until told otherwise. */
    public Setting cookie(String name, String value) {
        return new Setting(name, value);
    }

    /** Deletes the site-wide cookie {@code name} from the browser. */
    public void clear(Context ctx, String name) {
        new Setting(name, "").maxAge(Duration.ZERO).on(ctx);
    }

    private static String present(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** One cookie being set: a small builder, written by {@link #on}. */
    public final class Setting {

        private final String name;
        private final String value;
        private String path = "/";
        private Duration maxAge;
        private SameSite sameSite = SameSite.LAX;
        private boolean httpOnly = true;

        private Setting(String name, String value) {
            CookieSyntax.requireName(name);
            CookieSyntax.requireValue(name, value);
            this.name = name;
            this.value = value;
        }

        /** Scopes the cookie to {@code path} (and below); the default is the whole site. */
        public Setting path(String path) {
            CookieSyntax.requirePath(name, path);
            this.path = path;
            return this;
        }

        /** How long the browser keeps it; without this it ends with the browser's session. Zero deletes it. */
        public Setting maxAge(Duration maxAge) {
            if (maxAge.isNegative()) throw new IllegalArgumentException("the cookie " + name + " cannot last " + maxAge);
            this.maxAge = maxAge;
            return this;
        }

        public Setting sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /** For a cookie a page's script must read; no cookie of ours is one today. */
        public Setting readableByScript() {
            this.httpOnly = false;
            return this;
        }

        /** Adds the cookie to the answer to {@code ctx}. */
        public void on(Context ctx) {
            ctx.res().addHeader("Set-Cookie", header(secure(ctx)));
        }

        /** The Set-Cookie header's value, for a request the Secure rule judged {@code secure}. */
        String header(boolean secure) {
            String prefix = !secure ? "" : path.equals("/") ? HOST_PREFIX : SECURE_PREFIX;
            var header = new StringBuilder(prefix).append(name).append('=').append(value).append("; Path=").append(path);
            if (maxAge != null) header.append("; Max-Age=").append(maxAge.toSeconds());
            if (httpOnly) header.append("; HttpOnly");
            header.append("; SameSite=").append(sameSite.attribute);
            if (secure) header.append("; Secure");
            return header.toString();
        }
    }
}
