package dev.contentpay.auth.pages;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.id.Ids;
import io.javalin.http.Context;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * CSRF protection of every form on auth's pages. Each browser holds a random form cookie; each
 * form carries HMAC(key, form cookie, session), where the session part is the signed-in session's
 * hash (or nothing before sign-in). Another site can make a browser post here, but can neither read
 * the cookie nor compute the HMAC without the key, and a token from before sign-in or from another
 * session does not fit this one. On top, the browser's own word on where a post comes from
 * ({@link Cookies#sameOrigin}) must be auth itself.
 */
final class FormGuard {

    static final String FIELD = "csrf";
    private static final byte[] LABEL = "contentpay auth form v1\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    private FormGuard(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The key shared by every auth instance on this database, made by the first to start. */
    static FormGuard fromDatabase(Database db) {
        String secret = db.inTransaction(h -> {
            h.createUpdate("INSERT INTO web_page_secret (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                    .bind("secret", Ids.randomToken(32)).execute();
            return h.createQuery("SELECT secret FROM web_page_secret WHERE id = 1").mapTo(String.class).one();
        });
        return new FormGuard(Base64.getUrlDecoder().decode(secret));
    }

    /** This browser's form cookie, given to it now when it has none. */
    static String formCookie(Context ctx) {
        String cookie = Cookies.read(ctx, Cookies.FORM);
        if (cookie != null && cookie.length() == 43) return cookie;
        String fresh = Ids.randomToken(32);
        Cookies.set(ctx, Cookies.FORM, fresh, -1);
        return fresh;
    }

    /** The token for forms shown to this browser in this session ({@code sessionHash} null before sign-in). */
    String token(String formCookie, String sessionHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            mac.update((formCookie + "\0" + (sessionHash == null ? "-" : sessionHash)).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this post comes from a page auth showed this browser in this session. */
    boolean accepts(Context ctx, String sessionHash) {
        if (!Cookies.sameOrigin(ctx)) return false;
        String cookie = Cookies.read(ctx, Cookies.FORM);
        String posted = ctx.formParam(FIELD);
        if (cookie == null || posted == null) return false;
        return MessageDigest.isEqual(token(cookie, sessionHash).getBytes(StandardCharsets.US_ASCII), posted.getBytes(StandardCharsets.US_ASCII));
    }
}
