package dev.contentpay.auth.subscriber;

/**
 * What an operator gives to register a subscriber. {@code limit} is the monthly credit limit for
 * CREDIT, the opening balance for PREPAID, in minor units.
 */
public record Registration(String id, String displayName, char[] password, char[] pin, Subscriber.Status status,
                           Subscriber.LimitKind limitKind, long limit, String currency, String bureauReference) {

    @Override
    public String toString() {
        return "Registration[" + id + ", " + limitKind + " " + limit + " " + currency + "]";
    }
}
