package dev.contentpay.settlement.checkout;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.settlement.purchase.PurchaseService;

import java.nio.charset.StandardCharsets;

/**
 * The browser's presentation of an approval ([0065]): exactly {@code POST /v1/purchases}, run by
 * the same {@link PurchaseService} under the same idempotency records, so single use, judging and
 * settling are the terminal's. A browser has no idempotency key of its own to send, so the key is
 * derived from the approval: the buyer's double click or reload of the form is the same request
 * and gets the first receipt (or refusal) again, never a second judgement.
 */
public final class CheckoutService {

    static final String SCOPE = "checkout";
    /** An approval token is well under 2 KB; the form's whole body must fit the server's limit anyway. */
    private static final int MAX_TOKEN = 8192;

    private final PurchaseService purchases;
    private final Idempotency idempotency;

    public CheckoutService(PurchaseService purchases, Idempotency idempotency) {
        this.purchases = purchases;
        this.idempotency = idempotency;
    }

    public Receipt complete(String approval, String purchase) {
        if (approval == null || approval.isBlank() || purchase == null || purchase.isBlank()
                || approval.length() > MAX_TOKEN || purchase.length() > MAX_TOKEN) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The form did not carry an approval and a purchase.");
        }
        String key = "checkout-" + ClientAssertions.sha256Hex(approval).substring(0, 48);
        byte[] body = (approval + "\n" + purchase).getBytes(StandardCharsets.UTF_8);
        var request = new PurchaseRequest(approval, purchase);
        var outcome = idempotency.execute(SCOPE, key, idempotency.requestHash("POST", "/checkout/complete", body),
                () -> new Idempotency.Outcome(201, Json.writeString(purchases.purchase(request, key))));
        byte[] answer = outcome.body().getBytes(StandardCharsets.UTF_8);
        if (outcome.isProblem()) throw Json.read(answer, Problem.class).toException();
        return Json.read(answer, Receipt.class);
    }
}
