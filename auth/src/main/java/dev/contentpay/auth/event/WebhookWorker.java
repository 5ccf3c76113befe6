package dev.contentpay.auth.event;

import com.nimbusds.jose.jwk.JWK;
import dev.contentpay.auth.merchant.Merchant;
import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.platform.crypto.WebhookSignatures;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers the events owed to merchants as signed webhooks ({@link WebhookSignatures}): each is
 * POSTed to {@code /v1/issuer-events} at the merchant's registered settlement address, and is
 * DELIVERED once the merchant answers 2xx. Anything else is tried again on the
 * {@link RetrySchedule} until three days have passed, then the event is FAILED and listed for the
 * operator. Delivery is at least once (a crash after the merchant's answer and before ours is
 * recorded sends it again); the merchant applies each event once by its id. Like settlement's
 * outbox worker, it is woken when an event commits and otherwise polls, and each event it takes is
 * leased, so several auth instances sharing a database do not send it at once.
 */
public final class WebhookWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
    public static final String PATH = "/v1/issuer-events";
    static final int BATCH = 50;
    static final Duration LEASE = Duration.ofMinutes(1);

    private final MerchantEventStore store;
    private final MerchantRegistry merchants;
    private final JWK key;
    private final Clock clock;
    private final Duration timeout;
    private final SSLContext tls;
    private final Map<URI, ServiceClient> clients = new ConcurrentHashMap<>();
    private final dev.contentpay.platform.work.Rounds rounds;
    private volatile WebhookFaults faults = WebhookFaults.NONE;

    /**
     * @param key the issuer's webhook key, its own and used for nothing else
     * @param tls the context that trusts the dedicated line's authority, for a settlement address that is https; null for none
     */
    public WebhookWorker(MerchantEventStore store, MerchantRegistry merchants, JWK key, Clock clock, Duration pollInterval, Duration timeout,
                         SSLContext tls) {
        this.store = store;
        this.merchants = merchants;
        this.key = key;
        this.clock = clock;
        this.timeout = timeout;
        this.tls = tls;
        this.rounds = new dev.contentpay.platform.work.Rounds("webhook", pollInterval, BATCH, this::deliverDue);
    }

    /** The sandbox issuer's faults (docs/MERCHANTS.md, "Sandbox"); a live issuer never sets any. */
    public WebhookWorker withFaults(WebhookFaults faults) {
        this.faults = faults;
        return this;
    }

    public void start() {
        rounds.start(Thread.ofVirtual().name("auth-webhooks").factory());
    }

    /** Asks for a delivery round now; never blocks. */
    public void wake() {
        rounds.wake();
    }

    @Override
    public void close() {
        rounds.close();
    }

    /** One round: every event due now is sent once; returns how many were taken. */
    public int deliverDue() {
        Instant now = clock.instant();
        var due = store.claimDue(now, BATCH, now.plus(LEASE));
        for (MerchantEvent e : faults.order(due)) deliver(e);
        return due.size();
    }

    private void deliver(MerchantEvent e) {
        int attempt = e.attempts() + 1;
        WebhookFaults.Plan plan = faults.plan(e, clock.instant());
        if (plan.action() == WebhookFaults.Action.HOLD) {
            store.reschedule(e.id(), attempt, plan.holdUntil(), "sandbox_held");
            return;
        } else if (plan.action() == WebhookFaults.Action.DROP) {
            store.delivered(e.id(), attempt, clock.instant());
            LOG.info("sandbox: event {} ({}) for merchant {} dropped on purpose", e.id(), e.type(), e.merchantId());
            return;
        }
        String error;
        try {
            error = send(e);
            if (error == null && plan.action() == WebhookFaults.Action.SEND_TWICE) send(e);
        } catch (ContentpayException ex) {
            error = ex.code().code();
        } catch (RuntimeException ex) {
            LOG.warn("event {} for merchant {} could not be sent: {}", e.id(), e.merchantId(), ex.toString());
            error = ErrorCode.INTERNAL_ERROR.code();
        }
        Instant now = clock.instant();
        if (error == null) {
            store.delivered(e.id(), attempt, now);
            if (attempt == 1) LOG.debug("event {} ({}) delivered to merchant {}", e.id(), e.type(), e.merchantId());
            else LOG.info("event {} ({}) delivered to merchant {} after {} attempts", e.id(), e.type(), e.merchantId(), attempt);
        } else if (RetrySchedule.givesUp(e.occurredAt(), now)) {
            store.failed(e.id(), attempt, error);
            LOG.error("event {} ({}) for merchant {} FAILED after {} attempts over {}, last error {}; an operator may send it again",
                    e.id(), e.type(), e.merchantId(), attempt, RetrySchedule.GIVE_UP_AFTER, error);
        } else {
            Instant next = now.plus(RetrySchedule.after(attempt));
            store.reschedule(e.id(), attempt, next, error);
            LOG.warn("event {} ({}) for merchant {} failed with {} (attempt {}); next attempt at {}", e.id(), e.type(), e.merchantId(), error,
                    attempt, next);
        }
    }

    /** Sends the event once; null when the merchant answered 2xx, else why not. */
    private String send(MerchantEvent e) {
        URI settlement = merchants.find(e.merchantId()).map(Merchant::settlementUrl).orElse(null);
        if (settlement == null) return "no_settlement_url";
        byte[] body = e.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        var headers = new LinkedHashMap<String, String>();
        headers.put(WebhookSignatures.ID_HEADER, e.id());
        headers.put(WebhookSignatures.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(WebhookSignatures.SIGNATURE_HEADER, WebhookSignatures.sign(key, e.id(), timestamp, body));
        headers.put(ServiceClient.IDEMPOTENCY_KEY, e.id());
        ServiceClient client = clients.computeIfAbsent(settlement, base -> new ServiceClient(base, timeout, ErrorCode.SETTLEMENT_UNAVAILABLE, null,
                clock, "https".equals(base.getScheme()) ? tls : null));
        ServiceClient.Response answer = client.postRaw(PATH, body, headers);
        if (answer.status() >= 200 && answer.status() < 300) return null;
        var problem = ServiceClient.problemOf(answer.body(), answer.status(), ErrorCode.SETTLEMENT_UNAVAILABLE);
        return problem.code() == ErrorCode.SETTLEMENT_UNAVAILABLE || problem.code() == ErrorCode.INTERNAL_ERROR ? "http_" + answer.status()
                : problem.code().code();
    }
}
