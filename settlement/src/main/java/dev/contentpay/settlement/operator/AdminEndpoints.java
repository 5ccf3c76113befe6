package dev.contentpay.settlement.operator;

import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.settlement.operator.AdminRefundRequest;
import dev.contentpay.settlement.operator.DeadLetters;
import dev.contentpay.settlement.operator.OutboxEntry;
import dev.contentpay.settlement.operator.OperatorAuth;
import dev.contentpay.settlement.ledger.Ledger;
import dev.contentpay.settlement.reconcile.ReconciliationService;
import dev.contentpay.settlement.refund.Refund;
import dev.contentpay.settlement.refund.RefundService;
import dev.contentpay.settlement.reversal.ReversalService;
import dev.contentpay.protocol.ReversalView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The operator's API, under {@code /v1/admin}, for the merchant's staff and the {@code contentpay}
 * operator commands: refunds, the issuer's reversals, the dead-letter list, reconciliation and the ledger's invariants.
 * Every route needs the operator token; state-changing ones also an Idempotency-Key.
 */
public final class AdminEndpoints {

    private final OperatorAuth operator;
    private final RefundService refunds;
    private final DeadLetters deadLetters;
    private final ReconciliationService reconciliation;
    private final Ledger ledger;
    private final Idempotency idempotency;
    private final ReversalService reversals;

    public AdminEndpoints(OperatorAuth operator, RefundService refunds, DeadLetters deadLetters, ReconciliationService reconciliation,
                          Ledger ledger, Idempotency idempotency, ReversalService reversals) {
        this.reversals = reversals;
        this.operator = operator;
        this.refunds = refunds;
        this.deadLetters = deadLetters;
        this.reconciliation = reconciliation;
        this.ledger = ledger;
        this.idempotency = idempotency;
    }

    public void register(RoutesConfig routes) {
        routes.before("/v1/admin/*", operator::requireOperator);
        routes.post("/v1/admin/refunds", this::refund);
        routes.get("/v1/admin/refunds/{refundId}", ctx -> ctx.json(refunds.find(ctx.pathParam("refundId"))));
        routes.get("/v1/admin/outbox", this::outbox);
        routes.post("/v1/admin/outbox/{id}/resend", this::resend);
        routes.get("/v1/admin/reconciliation", ctx -> ctx.json(reconciliation.reconcile(date(ctx))));
        routes.get("/v1/admin/ledger", ctx -> ctx.json(ledger.check()));
        // The issuer's reversals of our purchases, and our answer to an open one (docs/SETTLEMENT.md, "Reversals").
        routes.get("/v1/admin/reversals", ctx -> ctx.json(Map.of("reversals", reversals.list(blankToNull(ctx.queryParam("status")), limit(ctx, 100)))));
        routes.post("/v1/admin/reversals/{id}/accept", ctx -> idempotency.respond(ctx, "admin-reversal", WebServer.body(ctx), 200,
                ReversalView.class, () -> reversals.accept(ctx.pathParam("id"))));
        routes.post("/v1/admin/reversals/{id}/contest", ctx -> {
            byte[] body = WebServer.body(ctx);
            var request = Json.read(body, ReversalContest.class);
            idempotency.respond(ctx, "admin-reversal", body, 200, ReversalView.class, () -> reversals.contest(ctx.pathParam("id"), request.note()));
        });
    }

    /** The operator's note when contesting a reversal, for the issuer who decides it. */
    public record ReversalContest(String note) {
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Refunds part or the rest of a settlement, once per key: a repeat with the key answers the same refund. */
    private void refund(Context ctx) {
        byte[] body = WebServer.body(ctx);
        var request = Json.read(body, AdminRefundRequest.class);
        idempotency.respond(ctx, "admin-refund", body, 200, Refund.class,
                () -> refunds.refund(request.settlementId(), request.amount(), request.reason()));
    }

    private void outbox(Context ctx) {
        ctx.json(Map.of("messages", deadLetters.list(ctx.queryParam("status"), limit(ctx, 100))));
    }

    private void resend(Context ctx) {
        String id = ctx.pathParam("id");
        String key = Idempotency.key(ctx);
        idempotency.answer("admin-resend", key, ClientAssertions.sha256Hex(id), 200, OutboxEntry.class,
                () -> deadLetters.resend(id)).writeTo(ctx);
    }

    static LocalDate date(Context ctx) {
        String raw = ctx.queryParam("date");
        if (raw == null || raw.isBlank()) throw ContentpayException.invalid("date", "is required, as YYYY-MM-DD (UTC)");
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ContentpayException.invalid("date", "must be a date as YYYY-MM-DD, not '" + raw + "'");
        }
    }

    static int limit(Context ctx, int defaultValue) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) return defaultValue;
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ContentpayException.invalid("limit", "must be a positive whole number");
        }
    }
}
