package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

/**
 * A request for purchase approval from an enrolled terminal ({@code POST /v1/terminal/approvals}):
 * the sealed purchasing information and, above the subscriber's PIN amount, the PIN. Who asks is
 * established by the terminal's proof headers, not by anything in this body.
 */
public record TerminalApprovalRequest(String purchase, String pin) {
    public TerminalApprovalRequest {
        if (purchase == null || purchase.isEmpty()) {
            throw ContentpayException.invalid("purchase", "must be the sealed purchasing information from the shop");
        }
        if (pin != null && (pin.isEmpty() || pin.length() > 32)) throw ContentpayException.invalid("pin", "must be 1 to 32 characters");
    }

    /** Never prints the PIN. */
    @Override
    public String toString() {
        return "TerminalApprovalRequest[pin=" + (pin == null ? "none" : "***") + "]";
    }
}
