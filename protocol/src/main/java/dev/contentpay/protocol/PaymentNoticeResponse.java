package dev.contentpay.protocol;

/** The issuer's acknowledgement of a payment notice; the same for every repeat of it. */
public record PaymentNoticeResponse(String allowanceId, String status) {
}
