package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.id.Ids;

/** Commodity selection information (claim 2, [0053]): the item the buyer chose. */
public record SelectRequest(String itemId) {
    public SelectRequest {
        if (!Ids.isWellFormed(itemId)) throw ContentpayException.invalid("itemId", "must be an item id from the catalog");
    }
}
