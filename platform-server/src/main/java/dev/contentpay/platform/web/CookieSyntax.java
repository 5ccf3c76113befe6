package dev.contentpay.platform.web;

/**
 * What RFC 6265 lets stand in a cookie's name, value and path: anything else would be split or
 * mangled by the browser, or would let a value add attributes of its own. The errors name the
 * cookie but never show its value, which may be a credential.
 */
final class CookieSyntax {

    private CookieSyntax() {
    }

    static void requireName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(CookieSyntax::isTokenChar)) {
            throw new IllegalArgumentException("not a cookie name: '" + name + "'");
        }
    }

    static void requireValue(String name, String value) {
        if (value == null) throw new IllegalArgumentException("the cookie " + name + " was given no value");
        if (!value.chars().allMatch(CookieSyntax::isValueChar)) {
            throw new IllegalArgumentException("the value of the cookie " + name + " holds a character a cookie cannot carry");
        }
    }

    static void requirePath(String name, String path) {
        if (path == null || !path.startsWith("/") || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';')) {
            throw new IllegalArgumentException("not a path for the cookie " + name + ": '" + path + "'");
        }
    }

    /** cookie-octet: visible ASCII except the double quote, comma, semicolon and backslash. */
    private static boolean isValueChar(int c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
    }

    /** token (RFC 7230): visible ASCII except separators. */
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
