package dev.contentpay.auth.sandbox;

import dev.contentpay.auth.merchant.MerchantRegistry;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.http.WebServer;
import dev.contentpay.protocol.admin.SandboxFaultSetting;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The sandbox's routes and header (docs/MERCHANTS.md, "Sandbox"). On a sandbox issuer, the admin
 * face sets and shows a merchant's faults, and the {@value SandboxFaults#HEADER} header on an
 * approval request asks for faults on that purchase. On a live issuer the same routes and the
 * header are refused with {@code sandbox_only}, so that a merchant's test set-up pointed at live by
 * mistake is told so at once rather than silently getting no faults.
 */
public final class SandboxEndpoints {

    public static final String FAULTS_PATH = "/v1/admin/sandbox/merchants/{id}/faults";
    private static final String RECORDER = "contentpay.sandbox.faults";

    /** Null on a live issuer. */
    private final SandboxFaults faults;
    private final MerchantRegistry merchants;

    public SandboxEndpoints(SandboxFaults faults, MerchantRegistry merchants) {
        this.faults = faults;
        this.merchants = merchants;
    }

    /** The admin face's routes. */
    public void registerAdmin(RoutesConfig routes) {
        routes.put(FAULTS_PATH, ctx -> ctx.json(sandbox().set(merchant(ctx), WebServer.read(ctx, SandboxFaultSetting.class))));
        routes.get(FAULTS_PATH, ctx -> ctx.json(sandbox().setting(merchant(ctx))));
    }

    /** On the faces that take requests from outside: the header read (sandbox) or refused (live). */
    public void registerHeader(RoutesConfig routes) {
        routes.before("/v1/*", this::header);
    }

    private void header(Context ctx) {
        String asked = ctx.header(SandboxFaults.HEADER);
        if (asked == null) return;
        SandboxFaults sandbox = sandbox();
        Set<Fault> requested = Fault.parse(SandboxFaults.HEADER, asked);
        ctx.attribute(RECORDER, (Consumer<String>) approvalId -> sandbox.forApproval(approvalId, requested));
    }

    /**
     * Records the faults the request's header asked for against the approval it was answered with;
     * does nothing when the request asked for none (always, on a live issuer).
     */
    public static void requested(Context ctx, String approvalId) {
        Consumer<String> recorder = ctx.attribute(RECORDER);
        if (recorder != null) recorder.accept(approvalId);
    }

    private SandboxFaults sandbox() {
        if (faults == null) throw new ContentpayException(ErrorCode.SANDBOX_ONLY);
        return faults;
    }

    private String merchant(Context ctx) {
        String id = ctx.pathParam("id");
        if (merchants.find(id).isEmpty()) throw new ContentpayException(ErrorCode.NOT_FOUND, "No merchant " + id + " is registered.");
        return id;
    }
}
