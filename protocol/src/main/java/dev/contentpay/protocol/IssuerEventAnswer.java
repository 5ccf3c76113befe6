package dev.contentpay.protocol;

/**
 * The merchant's answer to an issuer event: {@code applied} the first time, {@code duplicate} for
 * every later delivery of the same event id, which changes nothing.
 */
public record IssuerEventAnswer(String eventId, String status) {

    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
}
