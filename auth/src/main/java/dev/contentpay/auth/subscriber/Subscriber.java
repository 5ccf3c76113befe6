package dev.contentpay.auth.subscriber;

/** A registered subscriber (subscriber registration information 51). */
public record Subscriber(String id, String displayName, String passwordHash, String pinHash, Status status,
                         LimitKind limitKind, long creditLimit, String currency, String bureauReference) {

    public enum Status { ACTIVE, SUSPENDED, CLOSED }

    /** How the subscriber's spending is bounded ([0090]). */
    public enum LimitKind { CREDIT, PREPAID }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    @Override
    public String toString() {
        return "Subscriber[" + id + ", " + status + ", " + limitKind + "]";
    }
}
