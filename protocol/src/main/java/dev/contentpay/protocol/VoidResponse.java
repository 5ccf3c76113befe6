package dev.contentpay.protocol;

/** The approval's status after a void: {@code voided}, or {@code expired}/{@code refused} if it was already dead. */
public record VoidResponse(String approvalId, String status) {
}
