package dev.contentpay.settlement.checkout;

import dev.contentpay.protocol.Receipt;
import io.javalin.http.Context;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Where a browser keeps what opens its receipt and download: two cookies scoped to that one
 * receipt's path ({@code /checkout/receipts/<settlement id>}), so no page ever carries the download
 * token in a URL (and so in history, logs or a Referer), and the browser sends them nowhere else.
 * <ul>
 *   <li>{@code cp_download}: the receipt's download token, the only thing that opens the receipt.</li>
 *   <li>{@code cp_approval}: the approval the buyer paid with. After {@code download.link-only-window}
 *       a download must also prove who the buyer is ({@code BuyerProof}), and this is that proof,
 *       as a terminal keeps it. It is used up as a means of payment already.</li>
 * </ul>
 * Both are HttpOnly and SameSite=Lax: they are set on the answer to the cross-site form post from
 * the issuer's page and must be sent on the redirect that follows it, which Strict would forbid.
 * Secure rule: set when the request came over https ({@code X-Forwarded-Proto: https} from a proxy
 * counts; it can only add the flag) or the download links are https; then the names carry the
 * {@code __Secure-} prefix. Browsers drop Secure cookies on plain http, hence the rule.
 */
final class ReceiptCookies {

    static final String DOWNLOAD = "cp_download";
    static final String APPROVAL = "cp_approval";
    private static final String SECURE_PREFIX = "__Secure-";

    private final Clock clock;

    ReceiptCookies(Clock clock) {
        this.clock = clock;
    }

    static String path(String settlementId) {
        return "/checkout/receipts/" + settlementId;
    }

    void give(Context ctx, Receipt receipt, String approval) {
        boolean secure = secure(ctx) || receipt.downloadUrl().startsWith("https:");
        long seconds = Math.max(0, Duration.between(clock.instant(), receipt.downloadExpiresAt()).toSeconds());
        set(ctx, DOWNLOAD, tokenOf(receipt), receipt.settlementId(), seconds, secure);
        set(ctx, APPROVAL, approval, receipt.settlementId(), seconds, secure);
    }

    /** The cookie's value, the prefixed (https-only) name first. */
    static String read(Context ctx, String name) {
        String secure = ctx.cookie(SECURE_PREFIX + name);
        return secure != null ? secure : ctx.cookie(name);
    }

    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static void set(Context ctx, String name, String value, String settlementId, long maxAge, boolean secure) {
        String cookie = (secure ? SECURE_PREFIX : "") + name + "=" + value + "; Path=" + path(settlementId) + "; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
        ctx.res().addHeader("Set-Cookie", cookie);
    }

    /** The token of the receipt's download link ({@code .../v1/downloads/<id>?token=<token>}). */
    static String tokenOf(Receipt receipt) {
        String query = URI.create(receipt.downloadUrl()).getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) return URLDecoder.decode(pair.substring("token=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("the receipt of settlement " + receipt.settlementId() + " has a download link without a token");
    }
}
