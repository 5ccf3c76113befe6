package dev.contentpay.auth.pages;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.RateLimiter;
import io.javalin.http.Context;

/**
 * A posted sign-in form, the same on the approval page and the account page: the form token and
 * origin are checked first ({@link Visitors#posted}), then the address's allowance, then the
 * sign-in itself; a success gives the browser its new session's cookies.
 */
final class SignInPosts {

    /** What the form was: the PIN on a remembered browser, or an id (shown again on failure) and password. */
    record Typed(boolean withPin, String typedId) {
        static Typed of(Context ctx, Visitor visitor) {
            boolean withPin = ctx.formParam("pin") != null && visitor.browser() != null;
            return new Typed(withPin, withPin ? null : ctx.formParam("subscriberId"));
        }
    }

    /** Shows the form again with a status and the sentence that says why. */
    interface Refusal {
        void show(int status, String sentence);
    }

    private final Visitors visitors;
    private final SignInService signIn;
    private final RateLimiter limiter;

    SignInPosts(Visitors visitors, SignInService signIn, RateLimiter limiter) {
        this.visitors = visitors;
        this.signIn = signIn;
        this.limiter = limiter;
    }

    /** The completed sign-in, its cookies given; null once {@code refusal} has shown why not. */
    SignInService.SignedIn signIn(Context ctx, Visitor visitor, Typed typed, Refusal refusal) {
        if (!visitors.posted(ctx, visitor)) {
            refusal.show(403, visitor.msg().get("expired"));
            return null;
        }
        try {
            limiter.acquire(ctx);
            var done = typed.withPin() ? signIn.withPin(visitor.browser(), ctx.formParam("pin"))
                    : signIn.withPassword(typed.typedId(), ctx.formParam("password"), ctx.formParam("remember") != null, PageText.browserName(ctx));
            visitors.startSession(ctx, visitor, done);
            return done;
        } catch (ContentpayException e) {
            refusal.show(e.code().status(), Sentences.of(visitor.msg(), e));
            return null;
        }
    }
}
