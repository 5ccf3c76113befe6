package dev.contentpay.auth.sandbox;

import dev.contentpay.auth.approval.NoticeFaults;
import dev.contentpay.auth.event.MerchantEvent;
import dev.contentpay.auth.event.WebhookFaults;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.protocol.admin.SandboxFaultSetting;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sandbox issuer's fault injector (docs/MERCHANTS.md, "Sandbox"): the one component that makes
 * the issuer misbehave on purpose, on the sending side, so that a merchant can test its
 * integration. It is made only by an auth server started in sandbox mode; a live server has none,
 * and its webhook worker and merchant face run their plain paths.
 *
 * <p>Faults are asked for per merchant (an operator's setting) or per purchase (the
 * {@value #HEADER} header on the approval request); a purchase has both. Each fault acts once: on a
 * webhook's first attempt (a duplicate on the first real send), on a notice's first answer, so that
 * everything ends as in live and the merchant can check it applied each thing exactly once. What
 * acted is remembered in the database, so it holds across restarts and instances.
 */
public final class SandboxFaults implements WebhookFaults, NoticeFaults {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxFaults.class);
    /** The header on an approval request that asks for faults on that purchase's webhooks and notices. */
    public static final String HEADER = "Contentpay-Sandbox-Fault";
    /** How long a reordered webhook's first attempt waits, so that events made close together leave in one round, newest first. */
    static final Duration GATHER = Duration.ofSeconds(1);
    static final String HELD = "sandbox_held";
    static final Duration MAX_DELAY = Duration.ofMinutes(10);

    private final Database db;
    private final Clock clock;
    private final Duration defaultDelay;

    public SandboxFaults(Database db, Clock clock, Duration defaultDelay) {
        this.db = db;
        this.clock = clock;
        this.defaultDelay = defaultDelay;
    }

    /** What one purchase is to suffer: its own faults and its merchant's, and the delay. */
    record Faults(Set<Fault> faults, Duration delay) {
    }

    // --- settings

    public SandboxFaultSetting set(String merchantId, SandboxFaultSetting request) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String name : request.faults() == null ? List.<String>of() : request.faults()) faults.addAll(Fault.parse("faults", name));
        Duration delay = request.delaySeconds() == null ? defaultDelay : Duration.ofSeconds(request.delaySeconds());
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) throw ContentpayException.invalid("delaySeconds", "must be between 0 and " + MAX_DELAY.toSeconds());
        db.inTransaction(h -> {
            h.createUpdate("DELETE FROM sandbox_merchant_fault WHERE merchant_id = :m").bind("m", merchantId).execute();
            return h.createUpdate("INSERT INTO sandbox_merchant_fault (merchant_id, faults, delay_millis, updated_at) VALUES (:m, :f, :d, :at)")
                    .bind("m", merchantId).bind("f", Fault.names(faults)).bind("d", delay.toMillis()).bind("at", clock.millis()).execute();
        });
        LOG.info("sandbox faults of merchant {} set to [{}], delay {}", merchantId, Fault.names(faults), delay);
        return setting(merchantId);
    }

    public SandboxFaultSetting setting(String merchantId) {
        Faults f = db.withHandle(h -> merchantFaults(h, merchantId));
        return new SandboxFaultSetting(merchantId, f.faults().stream().map(Fault::wire).toList(), (int) f.delay().toSeconds());
    }

    /** Records the faults asked for on the approval request of {@code approvalId}. */
    public void forApproval(String approvalId, Set<Fault> faults) {
        if (faults.isEmpty()) return;
        db.inTransaction(h -> h.createUpdate("INSERT INTO sandbox_approval_fault (approval_id, faults) VALUES (:a, :f) ON CONFLICT (approval_id) DO NOTHING")
                .bind("a", approvalId).bind("f", Fault.names(faults)).execute());
    }

    private Faults merchantFaults(Handle h, String merchantId) {
        return h.createQuery("SELECT faults, delay_millis FROM sandbox_merchant_fault WHERE merchant_id = :m").bind("m", merchantId)
                .map((rs, ctx) -> new Faults(Fault.parse("faults", rs.getString("faults")), Duration.ofMillis(rs.getLong("delay_millis"))))
                .findOne().orElse(new Faults(EnumSet.noneOf(Fault.class), defaultDelay));
    }

    private Faults faultsOf(Handle h, String merchantId, String approvalId) {
        Faults merchant = merchantFaults(h, merchantId);
        var all = EnumSet.noneOf(Fault.class);
        all.addAll(merchant.faults());
        h.createQuery("SELECT faults FROM sandbox_approval_fault WHERE approval_id = :a").bind("a", approvalId).mapTo(String.class)
                .findOne().ifPresent(names -> all.addAll(Fault.parse("faults", names)));
        return new Faults(all, merchant.delay());
    }

    // --- webhooks

    @Override
    public Plan plan(MerchantEvent e, Instant now) {
        boolean first = e.attempts() == 0;
        boolean afterHold = e.attempts() == 1 && HELD.equals(e.lastError());
        if (!first && !afterHold) return Plan.SEND;
        Faults f = db.withHandle(h -> faultsOf(h, e.merchantId(), e.approvalId()));
        if (first && f.faults().contains(Fault.DROP_WEBHOOKS)) return new Plan(Action.DROP, null);
        if (first && f.faults().contains(Fault.DELAY_WEBHOOKS)) return hold(e, now.plus(f.delay()));
        if (first && f.faults().contains(Fault.REORDER_WEBHOOKS)) return hold(e, now.plus(GATHER));
        if (f.faults().contains(Fault.DUPLICATE_WEBHOOKS)) {
            LOG.info("sandbox: event {} ({}) for merchant {} sent twice on purpose", e.id(), e.type(), e.merchantId());
            return new Plan(Action.SEND_TWICE, null);
        }
        return Plan.SEND;
    }

    private static Plan hold(MerchantEvent e, Instant until) {
        LOG.info("sandbox: event {} ({}) for merchant {} held until {} on purpose", e.id(), e.type(), e.merchantId(), until);
        return new Plan(Action.HOLD, until);
    }

    /** Events held back to be reordered leave after the others of their round, newest first. */
    @Override
    public List<MerchantEvent> order(List<MerchantEvent> due) {
        var inOrder = new ArrayList<MerchantEvent>();
        var reordered = new ArrayList<MerchantEvent>();
        for (MerchantEvent e : due) {
            boolean reorder = e.attempts() == 1 && HELD.equals(e.lastError())
                    && db.withHandle(h -> faultsOf(h, e.merchantId(), e.approvalId())).faults().contains(Fault.REORDER_WEBHOOKS);
            (reorder ? reordered : inOrder).add(e);
        }
        reordered.sort(Comparator.comparing(MerchantEvent::occurredAt).thenComparing(MerchantEvent::id).reversed());
        inOrder.addAll(reordered);
        return inOrder;
    }

    // --- payment notices

    @Override
    public void answering(String merchantId, List<String> allowanceIds) {
        Duration hold = Duration.ZERO;
        boolean drop = false;
        for (String allowanceId : allowanceIds) {
            Faults f = db.withHandle(h -> h.createQuery("SELECT id FROM approval WHERE allowance_id = :a").bind("a", allowanceId)
                    .mapTo(String.class).findOne().map(approval -> faultsOf(h, merchantId, approval)).orElse(null));
            if (f == null) continue;
            if (f.faults().contains(Fault.DROP_NOTICES) && firstTime(allowanceId, Fault.DROP_NOTICES)) drop = true;
            if (f.faults().contains(Fault.DELAY_NOTICES) && firstTime(allowanceId, Fault.DELAY_NOTICES) && f.delay().compareTo(hold) > 0) hold = f.delay();
        }
        if (!hold.isZero()) {
            LOG.info("sandbox: the answer to merchant {}'s notices held {} on purpose", merchantId, hold);
            try {
                Thread.sleep(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (drop) {
            LOG.info("sandbox: the answer to merchant {}'s notices for {} dropped on purpose; they were applied", merchantId, allowanceIds);
            throw new ContentpayException(ErrorCode.SANDBOX_FAULT);
        }
    }

    /** True the first time a fault is asked to act on this allowance's notice, false after. */
    private boolean firstTime(String allowanceId, Fault fault) {
        return db.inTransaction(h -> h.createUpdate("INSERT INTO sandbox_notice_fault (allowance_id, fault, acted_at) VALUES (:a, :f, :at) "
                + "ON CONFLICT (allowance_id, fault) DO NOTHING").bind("a", allowanceId).bind("f", fault.wire()).bind("at", clock.millis()).execute()) == 1;
    }
}
