package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

/** What the terminal presents to settlement ([0065]): the approval and the sealed purchasing information. */
public record PurchaseRequest(String approval, String purchase) {
    public PurchaseRequest {
        if (approval == null || approval.isEmpty()) throw ContentpayException.invalid("approval", "is required");
        if (purchase == null || purchase.isEmpty()) throw ContentpayException.invalid("purchase", "is required");
    }
}
