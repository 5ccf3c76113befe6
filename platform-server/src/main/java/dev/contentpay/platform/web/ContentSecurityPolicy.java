package dev.contentpay.platform.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A page's Content-Security-Policy, strict by construction: every policy runs no script, may not
 * be framed ({@code frame-ancestors 'none'}, against clickjacking) and cannot move its base, so an
 * injected tag, should one ever slip past the templates' escaping, can do nothing. A page loosens
 * only what it needs ({@code form-action} towards the next party of a purchase, {@code img-src}
 * for inline pictures), by replacing one directive where it stands.
 */
public record ContentSecurityPolicy(List<String> directives) {

    private static final List<String> ALWAYS = List.of("script-src 'none'", "frame-ancestors 'none'", "base-uri 'none'");

    /** Every page's policy unless it says otherwise: its own style sheet and pictures, forms posting to itself. */
    public static final ContentSecurityPolicy PAGE = of("default-src 'self'", "script-src 'none'", "style-src 'self'", "img-src 'self'",
            "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'");

    public ContentSecurityPolicy {
        directives = List.copyOf(directives);
        var names = new HashSet<String>();
        for (String directive : directives) {
            if (directive.isBlank() || directive.contains(";") || directive.contains(",") || !directive.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("not a CSP directive: '" + directive + "'");
            }
            if (!names.add(name(directive))) throw new IllegalArgumentException("the directive " + name(directive) + " is given twice");
        }
        if (!names.contains("default-src")) throw new IllegalArgumentException("a page's policy needs a default-src");
        for (String required : ALWAYS) {
            if (!directives.contains(required)) throw new IllegalArgumentException("a page's policy must say " + required);
        }
    }

    public static ContentSecurityPolicy of(String... directives) {
        return new ContentSecurityPolicy(List.of(directives));
    }

    /** This policy with {@code directive} in place of the one of the same name, or added at the end. */
    public ContentSecurityPolicy with(String directive) {
        var changed = new ArrayList<>(directives);
        int at = indexOf(name(directive));
        if (at >= 0) changed.set(at, directive);
        else changed.add(directive);
        return new ContentSecurityPolicy(changed);
    }

    /** This policy letting forms post to {@code next}'s origin too; itself when {@code next} is null. */
    public ContentSecurityPolicy formActionAlso(URI next) {
        return next == null ? this : with("form-action 'self' " + origin(next));
    }

    /** scheme://host[:port] of an address: what a CSP source and an Origin header name. */
    public static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The header's value. */
    public String header() {
        return String.join("; ", directives);
    }

    @Override
    public String toString() {
        return header();
    }

    private int indexOf(String name) {
        for (int i = 0; i < directives.size(); i++) {
            if (name(directives.get(i)).equals(name)) return i;
        }
        return -1;
    }

    private static String name(String directive) {
        String trimmed = directive.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
    }
}
