package dev.contentpay.auth.subscriber;

/** A registered subscriber (subscriber registration information 51). */
public record Subscriber(String id, String displayName, String passwordHash, String pinHash, Status status,
                         LimitKind limitKind, long creditLimit, String currency, String bureauReference, Long pinThreshold) {

    public enum Status { ACTIVE, SUSPENDED, CLOSED }

    /**
     * How the subscriber's spending is bounded ([0022], [0090]): a monthly credit limit, a prepaid
     * balance topped up in advance, or points earned by past purchases.
     */
    public enum LimitKind { CREDIT, PREPAID, POINTS }

    /** Whether a purchase of {@code amount} needs the PIN again. */
    public boolean needsPinFor(long amount) {
        return pinThreshold != null && amount > pinThreshold;
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    @Override
    public String toString() {
        return "Subscriber[" + id + ", " + status + ", " + limitKind + "]";
    }
}
