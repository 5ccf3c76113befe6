package dev.contentpay.settlement.operator;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.settlement.notice.OutboxMessage;
import dev.contentpay.settlement.notice.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * The operator's view of the outbox: the dead-letter list (messages the issuer never acknowledged
 * within {@code notice.max-attempts}) and resending them. Resending is safe at any time: the issuer
 * applies each message once by its subject, so a message it did receive changes nothing again.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    public static final int MAX_LIST = 500;

    private final OutboxStore outbox;
    private final Clock clock;
    private final Runnable wake;

    public DeadLetters(OutboxStore outbox, Clock clock, Runnable wake) {
        this.outbox = outbox;
        this.clock = clock;
        this.wake = wake;
    }

    /** Messages in {@code status} ({@code dead}, {@code pending}, {@code sent} or {@code all}), newest first. */
    public List<OutboxEntry> list(String status, int limit) {
        OutboxMessage.Status wanted = statusOf(status == null || status.isBlank() ? "dead" : status);
        return outbox.list(wanted, Math.max(1, Math.min(limit, MAX_LIST))).stream().map(OutboxEntry::of).toList();
    }

    /**
     * Puts a dead letter back in the queue and wakes the worker. Idempotent: a message that is
     * already pending or sent is answered as it stands and left alone.
     */
    public OutboxEntry resend(String id) {
        if (!Ids.isWellFormed(id)) throw new ContentpayException(ErrorCode.NOT_FOUND, "There is no such outbox message.");
        var resent = outbox.resend(id, clock.instant());
        if (resent.isPresent()) {
            LOG.info("operator resent {} {} (outbox {})", resent.get().kind(), resent.get().subject(), id);
            wake.run();
        }
        return outbox.find(id).map(OutboxEntry::of)
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no such outbox message."));
    }

    private static OutboxMessage.Status statusOf(String s) {
        if ("all".equalsIgnoreCase(s)) return null;
        try {
            return OutboxMessage.Status.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ContentpayException.invalid("status", "must be dead, pending, sent or all");
        }
    }
}
