package dev.contentpay.auth.event;

import java.time.Instant;
import java.util.List;

/**
 * Where the sandbox issuer's faults act on webhooks (docs/MERCHANTS.md, "Sandbox"): consulted
 * by the {@link WebhookWorker} before each delivery. A live issuer has {@link #NONE}, which sends
 * every event as it comes.
 */
public interface WebhookFaults {

    /** What to do with one delivery. */
    enum Action { SEND, SEND_TWICE, HOLD, DROP }

    /** {@code holdUntil}: for {@link Action#HOLD}, when the event is due again. */
    record Plan(Action action, Instant holdUntil) {
        public static final Plan SEND = new Plan(Action.SEND, null);
    }

    WebhookFaults NONE = new WebhookFaults() {
        @Override
        public Plan plan(MerchantEvent event, Instant now) {
            return Plan.SEND;
        }
    };

    /** What to do with this delivery of {@code event}. */
    Plan plan(MerchantEvent event, Instant now);

    /** The order a round's events are sent in (the store's, oldest first, unless a fault reorders them). */
    default List<MerchantEvent> order(List<MerchantEvent> due) {
        return due;
    }
}
