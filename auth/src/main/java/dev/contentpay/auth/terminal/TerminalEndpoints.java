package dev.contentpay.auth.terminal;

import dev.contentpay.auth.subscriber.Authenticator;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.auth.BasicCredentials;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.Answer;
import dev.contentpay.platform.http.Idempotency;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.EnrollRequest;
import dev.contentpay.protocol.EnrollResponse;
import dev.contentpay.protocol.PinThresholdRequest;
import dev.contentpay.protocol.TerminalApprovalRequest;
import dev.contentpay.protocol.TerminalProof;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The terminal calls of the subscriber face (docs/TERMINALS.md). Requests that carry a password
 * or a PIN are made idempotent under a keyed hash of their body ({@link TerminalKeys#requestHash}),
 * never a plain SHA-256 that would let a reader of the idempotency table guess the PIN offline.
 */
final class TerminalEndpoints {

    static final String APPROVALS_PATH = "/v1/terminal/approvals";

    private final TerminalService terminals;
    private final PinThresholdService pinThresholds;
    private final ProofVerifier proofs;
    private final Authenticator authenticator;
    private final Idempotency idempotency;
    private final TerminalKeys keys;
    private final dev.contentpay.auth.approval.HistoryService history;

    TerminalEndpoints(TerminalService terminals, PinThresholdService pinThresholds, ProofVerifier proofs, Authenticator authenticator,
                      Idempotency idempotency, TerminalKeys keys, dev.contentpay.auth.approval.HistoryService history) {
        this.history = history;
        this.terminals = terminals;
        this.pinThresholds = pinThresholds;
        this.proofs = proofs;
        this.authenticator = authenticator;
        this.idempotency = idempotency;
        this.keys = keys;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/terminals", this::enroll);
        routes.get("/v1/terminals", ctx -> ctx.json(terminals.list(signedIn(ctx))));
        routes.delete("/v1/terminals/{id}", ctx -> ctx.json(terminals.revokeOwn(signedIn(ctx), ctx.pathParam("id"))));
        routes.post(APPROVALS_PATH, this::approve);
        routes.get(APPROVALS_PATH + "/{approvalId}", this::approvalState);
        routes.put("/v1/subscriber/pin-threshold", ctx -> {
            var credentials = BasicCredentials.of(ctx);
            var request = WebServer.read(ctx, PinThresholdRequest.class);
            ctx.json(pinThresholds.set(authenticator.authenticate(credentials.subscriberId(), credentials.password()), request));
        });
    }

    /**
     * The stored answer leaves the secret out; a repeat of the same request (same key, same body,
     * so the same password) gets it derived again, so a client that lost the first answer still
     * learns its secret, and the idempotency table never holds one.
     */
    private void enroll(Context ctx) {
        byte[] body = WebServer.body(ctx);
        var request = Json.read(body, EnrollRequest.class);
        String scope = scope("enroll:", request.subscriberId());
        Answer<EnrollResponse> answer = idempotency.answer(scope, Idempotency.key(ctx), keys.requestHash(scope, body), 201,
                EnrollResponse.class, () -> terminals.enroll(request));
        if (answer.isProblem()) {
            answer.writeTo(ctx);
            return;
        }
        ctx.status(answer.status()).json(terminals.withSecret(answer.value()));
    }

    /**
     * The proof is checked before anything else. Its nonce is used up in the transaction of the
     * approval (one commit for both), or on its own where no approval is written: before a PIN is
     * checked, for a refusal, and for a repeat answered with the kept answer, before that answer is
     * sent. So a replay is refused, never answered, whatever its key.
     */
    private void approve(Context ctx) {
        byte[] body = WebServer.body(ctx);
        String key = Idempotency.key(ctx);
        var proof = new TerminalProof.Headers(ctx.header(TerminalProof.ID_HEADER), ctx.header(TerminalProof.TIMESTAMP_HEADER),
                ctx.header(TerminalProof.NONCE_HEADER), ctx.header(TerminalProof.SIGNATURE_HEADER));
        ProofVerifier.Proven proven = proofs.check(ctx.method().name(), ctx.path(), body, proof);
        Terminal terminal = proven.terminal();
        Answer<ApprovalResponse> answer;
        try {
            var request = Json.read(body, TerminalApprovalRequest.class);
            // A retry carries a fresh proof (a new nonce) but the same key and body, and gets the first answer.
            String scope = "terminal-approval:" + terminal.id();
            answer = idempotency.answer(scope, key, keys.requestHash(scope, body), 201, ApprovalResponse.class,
                    () -> {
                        ApprovalResponse approved = terminals.approve(terminal, request, proven);
                        dev.contentpay.auth.sandbox.SandboxEndpoints.requested(ctx, approved.approvalId());
                        return approved;
                    });
        } catch (ProofVerifier.Refused refused) {
            throw proven.refusal();
        } catch (RuntimeException failed) {
            proofs.useUp(proven); // a replay is told so rather than what failed
            throw failed;
        }
        proofs.useUp(proven);
        answer.writeTo(ctx);
    }

    /**
     * What became of an approval, asked by a terminal of the subscriber it was issued to, proven
     * like an approval request (over an empty body); anyone else's approval is {@code not_found}.
     */
    private void approvalState(Context ctx) {
        var proof = new TerminalProof.Headers(ctx.header(TerminalProof.ID_HEADER), ctx.header(TerminalProof.TIMESTAMP_HEADER),
                ctx.header(TerminalProof.NONCE_HEADER), ctx.header(TerminalProof.SIGNATURE_HEADER));
        Terminal terminal = proofs.verify(ctx.method().name(), ctx.path(), new byte[0], proof);
        ctx.json(history.stateOf(terminal.subscriberId(), ctx.pathParam("approvalId")));
    }

    private Subscriber signedIn(Context ctx) {
        var credentials = BasicCredentials.of(ctx);
        // A suspended subscriber may still see and revoke their terminals (a lost phone must not
        // wait for the account to be resumed); a closed account has nothing left to manage.
        Subscriber subscriber = authenticator.signIn(credentials.subscriberId(), credentials.password());
        if (subscriber.status() == Subscriber.Status.CLOSED) throw new ContentpayException(ErrorCode.SUBSCRIBER_CLOSED);
        return subscriber;
    }

    /** Idempotency scopes must fit 64 characters; a long subscriber id is shortened to a hash of itself. */
    static String scope(String prefix, String id) {
        String scope = prefix + id;
        return scope.length() <= 64 ? scope : prefix + TerminalProof.sha256Hex(id.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .substring(0, 64 - prefix.length());
    }
}
