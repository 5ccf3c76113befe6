package dev.contentpay.auth.admin;

import dev.contentpay.auth.audit.AuditLog;
import dev.contentpay.auth.reversal.ReversalService;
import dev.contentpay.protocol.ReversalView;
import dev.contentpay.protocol.admin.OpenReversalRequest;
import dev.contentpay.protocol.admin.ReversalDecisionRequest;
import dev.contentpay.auth.merchant.MerchantService;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.auth.subscriber.SubscriberStore;
import dev.contentpay.auth.Dates;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.AuditEventView;
import dev.contentpay.protocol.admin.MerchantView;
import dev.contentpay.protocol.admin.RegisterMerchantRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.protocol.admin.SubscriberView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.IntSupplier;

/** The admin face: operators only, each call carrying the operator token (checked before these run). */
public final class AdminEndpoints {

    private final AdminService admin;
    private final StatementService statements;
    private final SubscriberStore subscribers;
    private final AuditLog audit;
    private final Idempotency idempotency;
    private final IntSupplier sweep;
    private final MerchantService merchants;
    private final dev.contentpay.auth.event.WebhookDeliveries webhooks;
    private final ReversalService reversals;

    public AdminEndpoints(AdminService admin, MerchantService merchants, StatementService statements, SubscriberStore subscribers, AuditLog audit,
                          Idempotency idempotency, IntSupplier sweep, dev.contentpay.auth.event.WebhookDeliveries webhooks, ReversalService reversals) {
        this.reversals = reversals;
        this.webhooks = webhooks;
        this.merchants = merchants;
        this.admin = admin;
        this.statements = statements;
        this.subscribers = subscribers;
        this.audit = audit;
        this.idempotency = idempotency;
        this.sweep = sweep;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/admin/subscribers", ctx -> {
            byte[] body = WebServer.body(ctx);
            var request = WebServer.read(ctx, RegisterSubscriberRequest.class);
            idempotency.respond(ctx, "admin", body, 201, SubscriberView.class, () -> admin.register(request));
        });
        routes.get("/v1/admin/subscribers/{id}", ctx -> ctx.json(admin.view(ctx.pathParam("id"))));
        for (String action : new String[]{"suspend", "resume", "close"}) {
            routes.post("/v1/admin/subscribers/{id}/" + action, ctx -> idempotency.respond(ctx, "admin", WebServer.body(ctx), 200,
                    SubscriberView.class, () -> admin.changeStatus(ctx.pathParam("id"), action)));
        }
        routes.put("/v1/admin/subscribers/{id}/limit", ctx -> ctx.json(admin.setLimit(ctx.pathParam("id"), WebServer.read(ctx, AmountRequest.class).amount())));
        routes.post("/v1/admin/subscribers/{id}/top-ups", ctx -> amount(ctx, (id, m) -> admin.topUp(id, m)));
        routes.post("/v1/admin/subscribers/{id}/points", ctx -> amount(ctx, (id, m) -> admin.grantPoints(id, m)));
        routes.get("/v1/admin/subscribers/{id}/statement", this::statement);
        registerMerchants(routes);
        routes.get("/v1/admin/merchants/{id}/daily-totals", ctx -> ctx.json(statements.dailyTotals(ctx.pathParam("id"),
                Dates.parse("date", ctx.queryParam("date")))));
        routes.get("/v1/admin/audit", this::audit);
        routes.post("/v1/admin/sweep", ctx -> ctx.json(Map.of("swept", sweep.getAsInt())));
        // Webhook deliveries to merchants: the failed ones (or those in ?status=), and sending one again.
        routes.get("/v1/admin/webhook-deliveries", ctx -> ctx.json(webhooks.list(emptyToNull(ctx.queryParam("status")),
                emptyToNull(ctx.queryParam("after")), limit(ctx))));
        routes.post("/v1/admin/webhook-deliveries/{id}/redeliver", ctx -> idempotency.respond(ctx, "admin", WebServer.body(ctx), 200,
                dev.contentpay.protocol.admin.WebhookDeliveryView.class, () -> webhooks.redeliver(ctx.pathParam("id"))));
        registerReversals(routes);
    }

    /** Reversals the issuer starts (docs/AUTH.md, "Reversals"): open, list, show, and decide a contested one. */
    private void registerReversals(RoutesConfig routes) {
        routes.post("/v1/admin/reversals", ctx -> {
            byte[] body = WebServer.body(ctx);
            var request = WebServer.read(ctx, OpenReversalRequest.class);
            idempotency.respond(ctx, "admin", body, 201, ReversalView.class, () -> reversals.open("admin", request));
        });
        routes.get("/v1/admin/reversals", ctx -> ctx.json(reversals.list(emptyToNull(ctx.queryParam("status")),
                emptyToNull(ctx.queryParam("merchant")), limit(ctx))));
        routes.get("/v1/admin/reversals/{id}", ctx -> ctx.json(reversals.find(ctx.pathParam("id"))));
        routes.post("/v1/admin/reversals/{id}/decision", ctx -> {
            byte[] body = WebServer.body(ctx);
            var request = WebServer.read(ctx, ReversalDecisionRequest.class);
            idempotency.respond(ctx, "admin", body, 200, ReversalView.class, () -> reversals.decide("admin", ctx.pathParam("id"), request));
        });
    }

    /** Merchants: register (or change keys), list by id, show, suspend and resume; docs/AUTH.md. */
    private void registerMerchants(RoutesConfig routes) {
        routes.post("/v1/admin/merchants", ctx -> {
            byte[] body = WebServer.body(ctx);
            var request = WebServer.read(ctx, RegisterMerchantRequest.class);
            idempotency.respond(ctx, "admin", body, 200, MerchantView.class, () -> merchants.register(request));
        });
        routes.get("/v1/admin/merchants", ctx -> ctx.json(merchants.list(emptyToNull(ctx.queryParam("after")), limit(ctx))));
        routes.get("/v1/admin/merchants/{id}", ctx -> ctx.json(merchants.view(ctx.pathParam("id"))));
        for (String action : new String[]{"suspend", "resume"}) {
            routes.post("/v1/admin/merchants/{id}/" + action, ctx -> idempotency.respond(ctx, "admin", WebServer.body(ctx), 200,
                    MerchantView.class, () -> merchants.setActive(ctx.pathParam("id"), action.equals("resume"))));
        }
    }

    /** The {@code limit} of a page: 100 unless the query says otherwise. */
    private static int limit(Context ctx) {
        if (ctx.queryParam("limit") == null) return 100;
        try {
            return Integer.parseInt(ctx.queryParam("limit"));
        } catch (NumberFormatException e) {
            throw ContentpayException.invalid("limit", "must be a whole number");
        }
    }

    private void amount(Context ctx, java.util.function.BiFunction<String, dev.contentpay.platform.money.Money, SubscriberView> action) {
        byte[] body = WebServer.body(ctx);
        var request = WebServer.read(ctx, AmountRequest.class);
        idempotency.respond(ctx, "admin", body, 200, SubscriberView.class, () -> action.apply(ctx.pathParam("id"), request.amount()));
    }

    private void statement(Context ctx) {
        var subscriber = subscribers.find(ctx.pathParam("id"))
                .orElseThrow(() -> new ContentpayException(ErrorCode.NOT_FOUND, "There is no subscriber with this id."));
        LocalDate to = Dates.parseOr("to", ctx.queryParam("to"), statements.today());
        LocalDate from = Dates.parseOr("from", ctx.queryParam("from"), to.withDayOfMonth(1));
        ctx.json(statements.statement(subscriber, from, to));
    }

    private void audit(Context ctx) {
        AuditLog.Kind kind = null;
        if (ctx.queryParam("kind") != null) {
            try {
                kind = AuditLog.Kind.valueOf(ctx.queryParam("kind").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ContentpayException.invalid("kind", "is not a kind of audit event");
            }
        }
        int limit = limit(ctx);
        var events = audit.query(new AuditLog.Query(ctx.queryParam("subscriber"), kind, instant("from", ctx.queryParam("from")),
                instant("to", ctx.queryParam("to")), emptyToNull(ctx.queryParam("before")), limit));
        ctx.json(events.stream().map(e -> new AuditEventView(e.id(), e.at(), e.kind().name().toLowerCase(), e.actor(),
                e.subscriberId(), e.merchantId(), e.approvalId(), e.amount(), e.detail())).toList());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ContentpayException.invalid(name, "must be a time as RFC 3339, for example 2026-11-24T00:00:00Z");
        }
    }
}
