package dev.contentpay.auth.subscriber;

/**
 * What an operator gives to register a subscriber. {@code limit} is the monthly credit limit for
 * CREDIT, the opening balance for PREPAID or POINTS, in minor units (points count as minor units
 * of the account's currency). {@code pinThreshold}: the PIN is asked again above this amount.
 */
public record Registration(String id, String displayName, char[] password, char[] pin, Subscriber.Status status,
                           Subscriber.LimitKind limitKind, long limit, String currency, String bureauReference,
                           Long pinThreshold) {

    @Override
    public String toString() {
        return "Registration[" + id + ", " + limitKind + " " + limit + " " + currency + "]";
    }
}
