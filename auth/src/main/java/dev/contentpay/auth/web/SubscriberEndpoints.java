package dev.contentpay.auth.web;

import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.admin.AdminService;
import dev.contentpay.auth.approval.HistoryService;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.protocol.admin.AmountRequest;
import java.time.LocalDate;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.ApprovalRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The subscriber face (means 46, the subscriber's line): what terminals call. */
public final class SubscriberEndpoints {

    private final ApprovalService approvals;
    private final HistoryService history;
    private final Authenticator authenticator;
    private final Idempotency idempotency;
    private final AdminService admin;
    private final StatementService statements;
    private final java.time.Clock clock;

    public SubscriberEndpoints(ApprovalService approvals, HistoryService history, Authenticator authenticator, Idempotency idempotency,
                               AdminService admin, StatementService statements, java.time.Clock clock) {
        this.admin = admin;
        this.statements = statements;
        this.clock = clock;
        this.approvals = approvals;
        this.history = history;
        this.authenticator = authenticator;
        this.idempotency = idempotency;
    }

    public void register(Javalin app) {
        app.post("/v1/approvals", this::approve);
        app.get("/v1/subscriber/history", this::history);
        app.get("/v1/subscriber/statement", this::statement);
        app.put("/v1/subscriber/limit", this::lowerLimit);
    }

    private void statement(Context ctx) {
        String[] credentials = basicCredentials(ctx);
        // A suspended subscriber may still read their bill.
        var subscriber = authenticator.signIn(credentials[0], credentials[1]);
        LocalDate to = Dates.parseOr("to", ctx.queryParam("to"), LocalDate.now(clock));
        LocalDate from = Dates.parseOr("from", ctx.queryParam("from"), to.withDayOfMonth(1));
        ctx.json(statements.statement(subscriber, from, to));
    }

    private void lowerLimit(Context ctx) {
        String[] credentials = basicCredentials(ctx);
        var subscriber = authenticator.authenticate(credentials[0], credentials[1]);
        ctx.json(admin.lowerOwnLimit(subscriber, WebServer.read(ctx, AmountRequest.class).amount()));
    }

    private void approve(Context ctx) {
        byte[] body = WebServer.body(ctx);
        var request = WebServer.read(ctx, ApprovalRequest.class);
        idempotency.respond(ctx, "approval:" + request.subscriberId(), body, () -> approvals.approve(request), 201);
    }

    private void history(Context ctx) {
        String[] credentials = basicCredentials(ctx);
        ctx.json(history.of(authenticator.authenticate(credentials[0], credentials[1])));
    }

    /** HTTP Basic credentials; a missing or garbled header counts as bad credentials. */
    public static String[] basicCredentials(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            ctx.header("WWW-Authenticate", "Basic realm=\"contentpay\", charset=\"UTF-8\"");
            throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0 || colon == decoded.length() - 1) throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
            return new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw new ContentpayException(ErrorCode.BAD_CREDENTIALS);
        }
    }
}
