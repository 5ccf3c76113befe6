package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

/**
 * A merchant's request that the issuer void an approval it will not settle ([0071]): settlement
 * gave up waiting for the allowance. Voiding an unjudged approval makes it unusable; voiding an
 * allowance gives the reserved amount back. A charged allowance cannot be voided (refund it).
 */
public record VoidRequest(String approvalId) {
    public VoidRequest {
        if (approvalId == null || approvalId.isEmpty()) throw ContentpayException.invalid("approvalId", "is required");
    }
}
