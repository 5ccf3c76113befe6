package dev.contentpay.auth.event;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.protocol.IssuerEvent;
import dev.contentpay.protocol.admin.WebhookDeliveryView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * What merchants and operators read of the events: a merchant's feed, replayable from any event
 * id, and the operator's list of deliveries with the action that sends a failed one again.
 */
public final class WebhookDeliveries {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliveries.class);
    /** The most events one page lists. */
    public static final int MAX_PAGE = 1_000;

    private final MerchantEventStore store;
    private final Clock clock;
    private final Runnable wake;

    public WebhookDeliveries(MerchantEventStore store, Clock clock, Runnable wake) {
        this.store = store;
        this.clock = clock;
        this.wake = wake;
    }

    /**
     * The merchant's events after {@code after} (from its first when null), oldest first by the time
     * written in their ids, whatever became of their delivery.
     */
    public IssuerEvent.Page feed(String merchantId, String after, int limit) {
        checkPage(after, limit);
        java.time.Instant afterTime = null;
        if (after != null) {
            var millis = Ids.timeOf(after);
            if (millis.isEmpty()) throw ContentpayException.invalid("after", "must be an event id");
            afterTime = java.time.Instant.ofEpochMilli(millis.getAsLong());
        }
        List<IssuerEvent> events = store.after(merchantId, afterTime, after, limit).stream().map(WebhookDeliveries::eventOf).toList();
        String next = events.size() == limit ? events.getLast().id() : null;
        return new IssuerEvent.Page(events, next);
    }

    /** Deliveries in {@code status} ({@code pending}, {@code delivered}, {@code failed}), oldest first. */
    public List<WebhookDeliveryView> list(String status, String after, int limit) {
        checkPage(after, limit);
        MerchantEvent.Status s;
        try {
            s = MerchantEvent.Status.valueOf((status == null ? "failed" : status).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ContentpayException.invalid("status", "must be pending, delivered or failed");
        }
        return store.list(s, after, limit).stream().map(WebhookDeliveries::viewOf).toList();
    }

    /** Sends a FAILED event again, due now with its attempts counted afresh; {@code webhook_not_failed} for any other. */
    public WebhookDeliveryView redeliver(String eventId) {
        MerchantEvent e = store.find(eventId).orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no event with this id."));
        if (!store.redeliver(eventId, clock.instant())) {
            throw new ContentpayException(ErrorCode.WEBHOOK_NOT_FAILED, "Event " + eventId + " is " + e.status().name().toLowerCase(Locale.ROOT) + ".");
        }
        LOG.info("event {} for merchant {} is sent again at an operator's request", eventId, e.merchantId());
        wake.run();
        return viewOf(store.find(eventId).orElseThrow());
    }

    private static void checkPage(String after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw ContentpayException.invalid("limit", "must be 1 to " + MAX_PAGE);
        if (after != null && !Ids.isWellFormed(after)) throw ContentpayException.invalid("after", "must be an event id");
    }

    static IssuerEvent eventOf(MerchantEvent e) {
        try {
            return Json.readAnswer(e.body().getBytes(StandardCharsets.UTF_8), IssuerEvent.class);
        } catch (IOException ex) {
            throw new IllegalStateException("event " + e.id() + " holds a body that cannot be read", ex);
        }
    }

    private static WebhookDeliveryView viewOf(MerchantEvent e) {
        return new WebhookDeliveryView(e.id(), e.merchantId(), e.type(), e.approvalId(), e.status().name().toLowerCase(Locale.ROOT), e.attempts(),
                e.lastError(), e.occurredAt(), e.status() == MerchantEvent.Status.PENDING ? e.nextAttemptAt() : null, e.deliveredAt());
    }
}
