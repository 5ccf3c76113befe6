package dev.contentpay.settlement.operator;

import dev.contentpay.platform.http.OperatorToken;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import io.javalin.http.Context;


/**
 * Who may use the operator's API and page: whoever presents the operator token, as
 * {@code Authorization: Bearer <token>} for the API and the command line, or as HTTP Basic with
 * user {@value #USER} and the token as password for the page in a browser.
 */
public final class OperatorAuth {

    public static final String USER = "operator";
    static final String REALM = "contentpay settlement operator";

    private final OperatorToken token;

    public OperatorAuth(OperatorToken token) {
        this.token = token;
    }

    /** For the API: a Bearer token, or HTTP Basic (so the page's browser session can read the API too). */
    public void requireOperator(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && token.matches(authorization.substring(7).strip())) {
            return;
        }
        if (basicMatches(authorization)) return;
        ctx.header("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
        throw unauthenticated();
    }

    /** For the page: HTTP Basic, so a browser asks for the token once and remembers it for the session. */
    public void requireBasic(Context ctx) {
        if (basicMatches(ctx.header("Authorization"))) return;
        ctx.header("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        throw unauthenticated();
    }

    private boolean basicMatches(String authorization) {
        return token.matchesBasic(authorization, USER);
    }

    private static ContentpayException unauthenticated() {
        return new ContentpayException(ErrorCode.CLIENT_UNAUTHENTICATED, "This needs the settlement operator's token.");
    }
}
