package dev.contentpay.auth.admin;

import dev.contentpay.auth.approval.BudgetPeriods;
import dev.contentpay.auth.approval.BudgetStore;
import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.credit.CreditPolicy;
import dev.contentpay.auth.subscriber.Registration;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.protocol.admin.SubscriberView;

import java.time.Clock;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * What operators do to subscribers: register, suspend, resume, close, set a credit limit, top up a
 * prepaid balance, grant points; and what a subscriber may do to their own limit (lower it, never
 * raise it). Every change is audited in its own transaction.
 * <p>
 * A credit limit is never set below what is already reserved and charged this month
 * ({@code limit_below_used}), so the limit a subscriber has is the one every answer gives; and the
 * month's cap that reservations meet is what the credit policy allows for the new limit, never the
 * bare limit, whoever sets it and whatever it is set to.
 */
public final class AdminService {

    private final Database db;
    private final BudgetStore budgets;
    private final SubscriberStore subscribers;
    private final AuditLog audit;
    private final CreditPolicy policy;
    private final Clock clock;

    /** The PIN amount of a subscriber registered with a PIN and no amount of their own, in minor units (docs/AUTH.md). */
    private final long defaultPinAmount;

    /** 1,000 in the account's minor units: 1,000 JPY. */
    public static final long DEFAULT_PIN_AMOUNT = 1_000;

    private final BudgetPeriods periods;

    public AdminService(Database db, BudgetStore budgets, SubscriberStore subscribers, AuditLog audit, CreditPolicy policy, Clock clock,
                        long defaultPinAmount, BudgetPeriods periods) {
        this.periods = periods;
        this.defaultPinAmount = defaultPinAmount;
        this.db = db;
        this.budgets = budgets;
        this.subscribers = subscribers;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    public SubscriberView register(RegisterSubscriberRequest r) {
        var kind = Subscriber.LimitKind.valueOf(r.limitKind().toUpperCase(Locale.ROOT));
        var registration = new Registration(r.id(), r.displayName(), r.password().toCharArray(), r.pin() == null ? null : r.pin().toCharArray(),
                Subscriber.Status.ACTIVE, kind, r.limit().amount(), r.limit().currency(), r.bureauReference(),
                pinAmountOf(r));
        if (!subscribers.registerIfAbsent(registration)) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "A subscriber with this id exists already.");
        }
        audit.record(AuditLog.Kind.SUBSCRIBER_REGISTERED, "admin", r.id(), kind.name().toLowerCase() + " " + r.limit());
        return view(r.id());
    }

    /** The amount asked for, else the default for a subscriber with a PIN, else none: one without a PIN cannot be asked one. */
    private Long pinAmountOf(RegisterSubscriberRequest r) {
        if (r.pinThreshold() != null) return r.pinThreshold().amount();
        return r.pin() != null ? Long.valueOf(defaultPinAmount) : null;
    }

    public SubscriberView view(String id) {
        Subscriber s = find(id);
        return db.withHandle(h -> {
            var budget = budgets.get(h, s.id(), periods.periodOf(s, clock.instant()));
            long limit = s.limitKind() == Subscriber.LimitKind.CREDIT && budget.cap() == 0 ? s.creditLimit() : budget.cap();
            String c = s.currency();
            return new SubscriberView(s.id(), s.displayName(), s.status().name().toLowerCase(), s.limitKind().name().toLowerCase(),
                    Money.of(limit, c), Money.of(budget.reserved(), c), Money.of(budget.charged(), c),
                    Money.of(limit - budget.reserved() - budget.charged(), c),
                    s.pinThreshold() == null ? null : Money.of(s.pinThreshold(), c), s.bureauReference());
        });
    }

    /** suspend, resume or close. */
    public SubscriberView changeStatus(String id, String action) {
        Subscriber s = find(id);
        var to = switch (action) {
            case "suspend" -> Subscriber.Status.SUSPENDED;
            case "resume" -> Subscriber.Status.ACTIVE;
            case "close" -> Subscriber.Status.CLOSED;
            default -> throw ContentpayException.invalid("action", "must be suspend, resume or close");
        };
        if (s.status() == Subscriber.Status.CLOSED && to != Subscriber.Status.CLOSED) {
            throw new ContentpayException(ErrorCode.SUBSCRIBER_CLOSED, "A closed account cannot be reopened; register a new one.");
        }
        db.useTransaction(h -> {
            subscribers.changeStatus(h, id, to, clock.millis());
            var kind = switch (to) {
                case SUSPENDED -> AuditLog.Kind.SUBSCRIBER_SUSPENDED;
                case ACTIVE -> AuditLog.Kind.SUBSCRIBER_RESUMED;
                case CLOSED -> AuditLog.Kind.SUBSCRIBER_CLOSED;
            };
            audit.record(h, kind, "admin", id, null, null, null, null);
        });
        return view(id);
    }

    /** An operator sets a credit limit, up or down. */
    public SubscriberView setLimit(String id, Money limit) {
        Subscriber s = requireKind(find(id), Subscriber.LimitKind.CREDIT, "Only a credit subscriber has a monthly limit.");
        requireCurrency(s, limit);
        requireNotNegative(limit);
        changeLimit(s, limit, "admin");
        return view(id);
    }

    /** The subscriber lowers their own monthly limit; raising it is for the issuer alone. */
    public SubscriberView lowerOwnLimit(Subscriber s, Money limit) {
        requireKind(s, Subscriber.LimitKind.CREDIT, "Only a monthly credit limit can be lowered.");
        requireCurrency(s, limit);
        requireNotNegative(limit);
        if (limit.amount() > s.creditLimit()) {
            throw ContentpayException.invalid("limit", "can only be lowered, and is " + Money.of(s.creditLimit(), s.currency()) + " now");
        }
        changeLimit(s, limit, s.id());
        return view(s.id());
    }

    /** Adds money to a prepaid balance. */
    public SubscriberView topUp(String id, Money amount) {
        return raise(id, amount, Subscriber.LimitKind.PREPAID, AuditLog.Kind.TOPPED_UP, "Only a prepaid subscriber can be topped up.");
    }

    /** Grants points to a points subscriber. */
    public SubscriberView grantPoints(String id, Money amount) {
        return raise(id, amount, Subscriber.LimitKind.POINTS, AuditLog.Kind.POINTS_GRANTED, "Only a points subscriber can be granted points.");
    }

    private SubscriberView raise(String id, Money amount, Subscriber.LimitKind kind, AuditLog.Kind event, String wrongKind) {
        Subscriber s = requireKind(find(id), kind, wrongKind);
        requireCurrency(s, amount);
        if (amount.amount() <= 0) throw ContentpayException.invalid("amount", "must be positive");
        db.useTransaction(h -> {
            if (!budgets.raiseCap(h, id, kind.name(), amount.amount())) {
                throw ContentpayException.invalid("amount", "would take the balance beyond the largest amount that can be held");
            }
            audit.record(h, event, "admin", id, null, null, amount, null);
        });
        return view(id);
    }

    /**
     * Sets the limit and the month's cap in one transaction. The policy is asked first, outside it
     * (it may call the bureau); a subscriber's own change only lowers, checked again by the update.
     */
    private void changeLimit(Subscriber s, Money limit, String actor) {
        OptionalLong policyCap = policyCap(s, limit.amount());
        boolean own = actor.equals(s.id());
        db.useTransaction(h -> {
            String period = periods.monthOf(clock.instant());
            if (!budgets.setCapForLimit(h, s.id(), period, limit.amount(), policyCap)) {
                var used = budgets.get(h, s.id(), period);
                throw new ContentpayException(ErrorCode.LIMIT_BELOW_USED, Money.of(used.reserved() + used.charged(), s.currency())
                        + " is already reserved and charged this month; the limit cannot be set below that.");
            }
            if (!subscribers.setCreditLimit(h, s.id(), limit.amount(), own)) throw ContentpayException.invalid("limit", "can only be lowered");
            audit.record(h, AuditLog.Kind.LIMIT_CHANGED, actor, s.id(), null, null, limit,
                    "from " + Money.of(s.creditLimit(), s.currency()));
        });
    }

    /**
     * The cap the credit policy allows with {@code limit}: nothing when it refuses credit, and
     * unknown when the bureau cannot be asked now (then the cap only goes down).
     */
    private OptionalLong policyCap(Subscriber s, long limit) {
        try {
            return OptionalLong.of(policy.allowedMonthlyCap(s, limit));
        } catch (ContentpayException e) {
            if (e.code() == ErrorCode.CREDIT_REFUSED) return OptionalLong.of(0);
            if (e.code() == ErrorCode.BUREAU_UNAVAILABLE) return OptionalLong.empty();
            throw e;
        }
    }

    private static void requireNotNegative(Money limit) {
        if (limit.amount() < 0) throw ContentpayException.invalid("amount", "must be zero or more");
    }

    private Subscriber find(String id) {
        return subscribers.find(id).orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no subscriber with this id."));
    }

    private static Subscriber requireKind(Subscriber s, Subscriber.LimitKind kind, String message) {
        if (s.limitKind() != kind) throw new ContentpayException(ErrorCode.VALIDATION_FAILED, message);
        return s;
    }

    private static void requireCurrency(Subscriber s, Money m) {
        if (!m.currency().equals(s.currency())) throw ContentpayException.invalid("currency", "must be the account's currency, " + s.currency());
    }
}
