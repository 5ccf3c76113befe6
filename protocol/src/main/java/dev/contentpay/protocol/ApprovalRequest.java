package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

/**
 * A request for purchase approval ([0055]-[0056]): the subscriber's identification information and
 * the sealed purchasing information. Sent to auth's subscriber face and nowhere else.
 */
public record ApprovalRequest(String subscriberId, String password, String purchase, String pin) {
    public ApprovalRequest {
        if (subscriberId == null || subscriberId.isEmpty() || subscriberId.length() > 64) {
            throw ContentpayException.invalid("subscriberId", "must be 1 to 64 characters");
        }
        if (password == null || password.isEmpty() || password.length() > 256) {
            throw ContentpayException.invalid("password", "must be 1 to 256 characters");
        }
        if (pin != null && (pin.isEmpty() || pin.length() > 32)) throw ContentpayException.invalid("pin", "must be 1 to 32 characters");
        if (purchase == null || purchase.isEmpty()) {
            throw ContentpayException.invalid("purchase", "must be the sealed purchasing information from the shop");
        }
    }

    public ApprovalRequest(String subscriberId, String password, String purchase) {
        this(subscriberId, password, purchase, null);
    }

    /** Never prints the password or the PIN. */
    @Override
    public String toString() {
        return "ApprovalRequest[subscriberId=" + subscriberId + ", password=***, pin=" + (pin == null ? "none" : "***") + "]";
    }
}
