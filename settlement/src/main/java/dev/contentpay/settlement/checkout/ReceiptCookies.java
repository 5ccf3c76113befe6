package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.web.Cookies;
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
 * Both follow the platform's cookie rules ({@link Cookies}): HttpOnly and SameSite=Lax (they are
 * set on the answer to the cross-site form post from the issuer's page and must be sent on the
 * redirect that follows it, which Strict would forbid); Secure, with the {@code __Secure-} prefix,
 * over https or when settlement's {@code public.url} (the base of its download links) is https.
 */
final class ReceiptCookies {

    static final String DOWNLOAD = "cp_download";
    static final String APPROVAL = "cp_approval";

    private final Cookies cookies;
    private final Clock clock;

    ReceiptCookies(Cookies cookies, Clock clock) {
        this.cookies = cookies;
        this.clock = clock;
    }

    static String path(String settlementId) {
        return "/checkout/receipts/" + settlementId;
    }

    /** The cookies last as long as the download link. */
    void give(Context ctx, Receipt receipt, String approval) {
        Duration lasts = Duration.ofSeconds(Math.max(0, Duration.between(clock.instant(), receipt.downloadExpiresAt()).toSeconds()));
        cookies.cookie(DOWNLOAD, tokenOf(receipt)).path(path(receipt.settlementId())).maxAge(lasts).on(ctx);
        cookies.cookie(APPROVAL, approval).path(path(receipt.settlementId())).maxAge(lasts).on(ctx);
    }

    /** The cookie's value, or null when this browser holds none. */
    String read(Context ctx, String name) {
        return cookies.readScoped(ctx, name);
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
