package dev.contentpay.protocol;

import dev.contentpay.platform.error.ContentpayException;

/**
 * The merchant's answer to an open reversal, over the dedicated line: {@code accept} (the issuer
 * gives the money back at once) or {@code contest} with a note for the issuer, who then decides.
 * Answering the same way again answers the same; the other way once answered is {@code reversal_not_open}.
 */
public record ReversalAnswer(String reversalId, String answer, String note) {
    public static final String ACCEPT = "accept";
    public static final String CONTEST = "contest";

    public ReversalAnswer {
        if (reversalId == null || reversalId.isEmpty() || reversalId.length() > 64) throw ContentpayException.invalid("reversalId", "is required");
        if (!ACCEPT.equals(answer) && !CONTEST.equals(answer)) throw ContentpayException.invalid("answer", "must be accept or contest");
        note = ReversalView.checkedNote("note", note);
        if (CONTEST.equals(answer) && note == null) throw ContentpayException.invalid("note", "is required to contest: say why for the issuer");
    }
}
