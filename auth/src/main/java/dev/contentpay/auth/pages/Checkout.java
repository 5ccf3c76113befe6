package dev.contentpay.auth.pages;

import dev.contentpay.protocol.PurchasingInformation;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A purchase as the approval page works on it: the sealed purchasing information as the shop gave
 * it, what the seal says, the merchant's registered name, and the merchant's settlement server.
 * <p>
 * Every way out of the approval page leads to {@code settleAt}, which comes from inside the seal:
 * the merchant signed it and auth checked the signature with the merchant's registered keys. The
 * page takes no return address from its own URL, so no one can use it to send a buyer elsewhere.
 */
record Checkout(String sealed, PurchasingInformation info, String merchantName, URI settleAt) {

    /** Where the approval is handed over, by a form the buyer submits (docs/WEB.md). */
    URI completeUrl() {
        return URI.create(settleAt + "/checkout/complete");
    }

    /** Back to the merchant without an approval; {@code outcome} is {@code cancelled} or {@code refused}. */
    String returnHref(String outcome) {
        return settleAt + "/checkout/return?item=" + encode(info.itemId()) + "&outcome=" + outcome;
    }

    /** This approval page again. */
    String selfHref() {
        return "/approve?purchase=" + encode(sealed);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
