package dev.contentpay.shop.web;

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
 * CSRF protection of the shop's forms, for a shop that keeps no session: a signed double submit.
 * The browser holds a random cookie; each form carries HMAC(key, cookie). Another site can make a
 * browser post to the shop but can neither read the cookie nor compute its HMAC, so its post lacks
 * the right token. On top, the browser's own word on where the post comes from (Sec-Fetch-Site, or
 * Origin in browsers without it) must be this very site. Cookie rules: {@link Cookies}.
 */
public final class FormTokens {

    /** The form field that carries the token. */
    public static final String FIELD = "csrf";
    static final String COOKIE = "cp_shop_csrf";
    private static final byte[] LABEL = "contentpay shop form v1\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    FormTokens(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The key shared by every shop instance on this database, made by the first to start. */
    public static FormTokens fromDatabase(Database db) {
        String secret = db.inTransaction(h -> {
            h.createUpdate("INSERT INTO web_secret (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                    .bind("secret", Ids.randomToken(32)).execute();
            return h.createQuery("SELECT secret FROM web_secret WHERE id = 1").mapTo(String.class).one();
        });
        return new FormTokens(Base64.getUrlDecoder().decode(secret));
    }

    /** The token for this browser's forms; gives the browser its cookie first when it has none. */
    public String tokenFor(Context ctx, boolean secure) {
        String cookie = Cookies.read(ctx, COOKIE, secure);
        if (cookie == null || cookie.length() != 43) {
            cookie = Ids.randomToken(32);
            // No Max-Age: a session cookie is enough to carry one page's form to its post.
            Cookies.set(ctx, COOKIE, cookie, "/", -1, secure);
        }
        return sign(cookie);
    }

    /** Whether this post comes from one of the shop's own pages in this browser. */
    public boolean accepts(Context ctx, boolean secure) {
        if (!Cookies.sameOrigin(ctx)) return false;
        String cookie = Cookies.read(ctx, COOKIE, secure);
        String token = ctx.formParam(FIELD);
        if (cookie == null || token == null) return false;
        return MessageDigest.isEqual(sign(cookie).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String cookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(cookie.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
