package dev.contentpay.platform.web;

import io.javalin.http.Context;
import dev.contentpay.platform.id.Ids;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * CSRF protection of a server's forms: a signed double submit. Each browser holds a random form
 * cookie; each form carries HMAC(key, purpose, cookie[, binding]), where the optional binding ties
 * the token to more than the browser (auth binds it to the signed-in session's hash, so a token
 * from before sign-in or from another session does not fit). Another site can make a browser
 * post here but can neither read the cookie nor compute the HMAC without the key. On top, the post
 * must pass the {@link OriginCheck}.
 * <p>
 * A missing cookie, a missing field or a token of the wrong length is refused like a wrong one;
 * the comparison takes the same time whatever the posted token holds.
 */
public final class FormTokens {

    /** The form field that carries the token. */
    public static final String FIELD = "csrf";
    /** The length of a form cookie: 32 random bytes as unpadded base64url. */
    private static final int COOKIE_LENGTH = 43;

    private final SecretKeySpec key;
    private final byte[] label;
    private final String cookieName;
    private final Cookies cookies;

    /**
     * @param purpose    whose forms these are ({@code auth}, {@code shop}): part of every MAC, so a
     *                   token of one server never fits another's
     * @param cookieName the browser's form cookie, distinct per server (the demo's servers share
     *                   one host, so one cookie jar)
     */
    public FormTokens(byte[] key, String purpose, String cookieName, Cookies cookies) {
        if (key == null || key.length < 32) throw new IllegalArgumentException("a form key must have at least 32 bytes");
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.label = ("contentpay " + purpose + " form v1\0").getBytes(StandardCharsets.US_ASCII);
        this.cookieName = cookieName;
        this.cookies = cookies;
    }

    public static FormTokens of(FormSecretStore secrets, String purpose, String cookieName, Cookies cookies) {
        return new FormTokens(secrets.key(), purpose, cookieName, cookies);
    }

    /**
     * The token for the forms shown to this browser, gives the browser its form cookie first when
     * it has none (a session cookie: it only has to carry a page's form to its post).
     *
     * @param binding what else the token is bound to, or null for the browser alone
     */
    public String tokenFor(Context ctx, String binding) {
        String cookie = cookies.read(ctx, cookieName);
        if (cookie == null || cookie.length() != COOKIE_LENGTH) {
            cookie = Ids.randomToken(32);
            cookies.cookie(cookieName, cookie).on(ctx);
        }
        return token(cookie, binding);
    }

    /** Whether this post comes from one of this server's own pages shown to this browser (and binding). */
    public boolean accepts(Context ctx, String binding) {
        return OriginCheck.sameOrigin(ctx) && matches(cookies.read(ctx, cookieName), binding, ctx.formParam(FIELD));
    }

    boolean matches(String cookie, String binding, String posted) {
        if (cookie == null || posted == null) return false;
        return MessageDigest.isEqual(token(cookie, binding).getBytes(StandardCharsets.US_ASCII), posted.getBytes(StandardCharsets.UTF_8));
    }

    String token(String cookie, String binding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(label);
            mac.update((binding == null ? cookie : cookie + "\0" + binding).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this Java runtime", e);
        }
    }
}
