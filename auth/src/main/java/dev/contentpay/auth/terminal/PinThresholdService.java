package dev.contentpay.auth.terminal;

import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.PinThresholdRequest;
import dev.contentpay.protocol.PinThresholdResponse;

/**
 * The subscriber chooses the amount above which their PIN is asked again. Lowering it (or setting
 * one where there was none) only adds protection, so the password is enough. Raising or removing
 * it takes protection away: then the PIN is needed too, or whoever learned the password alone could
 * switch the step-up off and then buy anything. A wrong PIN here counts toward the lockout, as at
 * a purchase.
 */
final class PinThresholdService {

    private final Database db;
    private final SubscriberStore subscribers;
    private final Authenticator authenticator;
    private final AuditLog audit;

    PinThresholdService(Database db, SubscriberStore subscribers, Authenticator authenticator, AuditLog audit) {
        this.db = db;
        this.subscribers = subscribers;
        this.authenticator = authenticator;
        this.audit = audit;
    }

    PinThresholdResponse set(Subscriber subscriber, PinThresholdRequest request) {
        Long wanted = request.amount() == null ? null : request.amount().amount();
        if (request.amount() != null && !request.amount().currency().equals(subscriber.currency())) {
            throw ContentpayException.invalid("amount", "must be in the account's currency, " + subscriber.currency());
        }
        Long current = subscriber.pinThreshold();
        boolean weakens = current != null && (wanted == null || wanted > current);
        // A subscriber without a PIN cannot pass a step-up at all; the amount means nothing to them yet.
        if (weakens && subscriber.pinHash() != null) authenticator.verifyPin(subscriber, request.pin());
        db.useTransaction(h -> {
            if (!subscribers.setPinThreshold(h, subscriber.id(), wanted)) throw new ContentpayException(ErrorCode.SUBSCRIBER_SUSPENDED);
            audit.record(h, AuditLog.Kind.PIN_THRESHOLD_CHANGED, subscriber.id(), subscriber.id(), null, null, request.amount(),
                    "PIN amount from " + describe(current, subscriber.currency()) + " to " + describe(wanted, subscriber.currency()));
        });
        return new PinThresholdResponse(subscriber.id(), request.amount());
    }

    private static String describe(Long amount, String currency) {
        return amount == null ? "never" : Money.of(amount, currency).toString();
    }
}
