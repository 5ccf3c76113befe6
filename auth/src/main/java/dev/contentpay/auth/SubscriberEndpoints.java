package dev.contentpay.auth;

import dev.contentpay.auth.approval.ApprovalService;
import dev.contentpay.auth.approval.BuyerProofs;
import dev.contentpay.auth.admin.AdminService;
import dev.contentpay.auth.approval.HistoryService;
import dev.contentpay.auth.statement.StatementService;
import dev.contentpay.protocol.admin.AmountRequest;
import java.time.LocalDate;
import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.ApprovalResponse;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;


/** The subscriber face (means 46, the subscriber's line): what terminals call. */
public final class SubscriberEndpoints {

    private final ApprovalService approvals;
    private final HistoryService history;
    private final Authenticator authenticator;
    private final Idempotency idempotency;
    private final AdminService admin;
    private final StatementService statements;
    private final BuyerProofs buyerProofs;

    public SubscriberEndpoints(ApprovalService approvals, HistoryService history, Authenticator authenticator, Idempotency idempotency,
                               AdminService admin, StatementService statements, BuyerProofs buyerProofs) {
        this.buyerProofs = buyerProofs;
        this.admin = admin;
        this.statements = statements;
        this.approvals = approvals;
        this.history = history;
        this.authenticator = authenticator;
        this.idempotency = idempotency;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/approvals", this::approve);
        routes.get("/v1/subscriber/history", this::history);
        routes.get("/v1/subscriber/statement", this::statement);
        routes.put("/v1/subscriber/limit", this::lowerLimit);
        routes.delete("/v1/subscriber/pin-lock", this::resetPinLock);
        routes.get("/v1/subscriber/buyer-proof", this::buyerProof);
    }

    /**
     * A buyer proof for the merchant named by {@code merchant}: what a terminal shows that merchant's
     * settlement server to restore its purchases. A suspended or closed subscriber may still restore
     * what they paid for, as they may still read their statement.
     */
    private void buyerProof(Context ctx) {
        var credentials = BasicCredentials.of(ctx);
        var subscriber = authenticator.signIn(credentials.subscriberId(), credentials.password());
        ctx.json(buyerProofs.issue(subscriber, ctx.queryParam("merchant")));
    }

    /**
     * The subscriber lifts the lock on their PIN use (and clears the count of wrong PINs) on
     * purpose, proving the password: a right password alone never does. Answers whether PIN use was locked.
     */
    private void resetPinLock(Context ctx) {
        var credentials = BasicCredentials.of(ctx);
        var subscriber = authenticator.signIn(credentials.subscriberId(), credentials.password());
        ctx.json(java.util.Map.of("wasLocked", authenticator.resetPinLock(subscriber)));
    }

    private void statement(Context ctx) {
        var credentials = BasicCredentials.of(ctx);
        // A suspended subscriber may still read their bill.
        var subscriber = authenticator.signIn(credentials.subscriberId(), credentials.password());
        LocalDate to = Dates.parseOr("to", ctx.queryParam("to"), statements.today());
        LocalDate from = Dates.parseOr("from", ctx.queryParam("from"), to.withDayOfMonth(1));
        ctx.json(statements.statement(subscriber, from, to));
    }

    private void lowerLimit(Context ctx) {
        var credentials = BasicCredentials.of(ctx);
        var subscriber = authenticator.authenticate(credentials.subscriberId(), credentials.password());
        ctx.json(admin.lowerOwnLimit(subscriber, WebServer.read(ctx, AmountRequest.class).amount()));
    }

    private void approve(Context ctx) {
        byte[] body = WebServer.body(ctx);
        var request = WebServer.read(ctx, ApprovalRequest.class);
        idempotency.respond(ctx, "approval:" + request.subscriberId(), body, 201, ApprovalResponse.class, () -> {
            ApprovalResponse approved = approvals.approve(request);
            dev.contentpay.auth.sandbox.SandboxEndpoints.requested(ctx, approved.approvalId());
            return approved;
        });
    }

    private void history(Context ctx) {
        var credentials = BasicCredentials.of(ctx);
        ctx.json(history.of(authenticator.authenticate(credentials.subscriberId(), credentials.password())));
    }
}
