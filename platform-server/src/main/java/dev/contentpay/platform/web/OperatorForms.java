package dev.contentpay.platform.web;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Answer;
import dev.contentpay.platform.http.Idempotency;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The forms of an operator's page (HTTP Basic with the operator token, no script): CSRF-safe by
 * {@link FormTokens} (a form cookie and its HMAC in the form, under a key made afresh at each
 * start, which only costs an operator a reload after a restart) and the {@link OriginCheck}, and
 * idempotent as the API is: each form carries a key of its own, made when the page was shown, so a
 * post sent twice (a double click, a reload) gives the first answer again. A post answers with a
 * redirect back to the page, which says what became of it ({@code ?done=} or {@code ?refused=CODE}).
 */
public final class OperatorForms {

    /** The form field that carries the post's idempotency key. */
    public static final String KEY_FIELD = "key";

    private final FormTokens tokens;
    private final Idempotency idempotency;
    private final String scope;

    /** {@code purpose} names the page's server ({@code settlement-operator}); the form cookie is named after it. */
    public OperatorForms(String purpose, Idempotency idempotency) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.tokens = new FormTokens(key, purpose, "cp_" + purpose.replace('-', '_') + "_csrf", Cookies.forSite(null));
        this.idempotency = idempotency;
        this.scope = purpose + "-form";
    }

    /** The CSRF token for the forms of the page shown now (gives the browser its form cookie first). */
    public String token(Context ctx) {
        return tokens.tokenFor(ctx, null);
    }

    /** A fresh idempotency key for one form of the page shown now. */
    public static String freshKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * Runs a form's {@code action} once per its key, after checking that the post comes from the
     * page, then sends the browser back to {@code page}: with {@code ?done=} and {@code done} when
     * it was done, or {@code ?refused=} and the refusal's code.
     *
     * @param what the form's fields that make the request (its action and inputs), so a key reused for another request is refused
     */
    public void submit(Context ctx, String page, String what, String done, Supplier<?> action) {
        if (!tokens.accepts(ctx, null)) throw new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED, "This form did not come from this page; reload it.");
        String code;
        try {
            String key = Idempotency.validKey(ctx.formParam(KEY_FIELD));
            Answer<Object> answer = idempotency.answer(scope, key, idempotency.requestHash("POST", ctx.path(), what.getBytes(StandardCharsets.UTF_8)),
                    200, Object.class, action::get);
            code = answer.isProblem() ? answer.problem().code() : null;
        } catch (ContentpayException e) {
            code = e.code().code();
        }
        ctx.status(303).header("Location", page + (code == null ? "?done=" + done : "?refused=" + code));
    }

    /** The code of a refusal named in the page's address, if it is one of the catalogue's (anything else is not shown). */
    public static String refusal(Context ctx) {
        String code = ctx.queryParam("refused");
        if (code == null) return null;
        ErrorCode known = ErrorCode.fromCode(code);
        return known.code().equals(code) ? code : null;
    }
}
