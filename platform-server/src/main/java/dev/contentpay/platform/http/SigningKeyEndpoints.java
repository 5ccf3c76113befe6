package dev.contentpay.platform.http;

import dev.contentpay.platform.crypto.KeyRing;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;

/**
 * A server's signing keys on its operator face (auth's admin face, settlement's and the shop's admin
 * API): {@code GET /v1/admin/keys} lists the keys of its {@link KeyRing} (key id, when made, when
 * retired, which one signs), {@code POST /v1/admin/keys/rotations} makes a new key current while the
 * server runs, the old one published and accepted until {@code keys.retire-after} has passed. On a
 * server with dedicated lines (auth, settlement), {@code POST /v1/admin/tls/reloads} reads their
 * certificates again. The caller guards {@code /v1/admin/*} with the operator token; only key ids and times leave, never a key.
 */
public final class SigningKeyEndpoints {

    /** One signing key as an operator sees it: times are RFC 3339, {@code retiresAt} null for the current key. */
    public record SigningKey(String kid, String created, String retiresAt, boolean current) {
    }

    /** The keys of the ring not yet retired, oldest first. */
    public record SigningKeys(List<SigningKey> keys) {
    }

    /** A dedicated line's certificate as this server presents it: its setting prefix and when it expires. */
    public record LineCertificate(String setting, String notAfter) {
    }

    /** The dedicated lines' certificates this server presents, after reading them again. */
    public record LineCertificates(List<LineCertificate> lines) {
    }

    private final KeyRing ring;
    private final Idempotency idempotency;
    private final List<dev.contentpay.platform.tls.TlsFiles.Line> lines;
    /** Told of each rotation (the new key id and the replaced one's retirement) and each reload, for a server's audit log. */
    private java.util.function.Consumer<String> rotated = detail -> { };
    private java.util.function.Consumer<String> reloaded = detail -> { };

    /** Tells {@code rotated} and {@code reloaded} of each change, in words without a secret: auth writes them to its audit log. */
    public SigningKeyEndpoints audited(java.util.function.Consumer<String> rotated, java.util.function.Consumer<String> reloaded) {
        this.rotated = rotated;
        this.reloaded = reloaded;
        return this;
    }

    public SigningKeyEndpoints(KeyRing ring, Idempotency idempotency) {
        this.ring = ring;
        this.idempotency = idempotency;
        this.lines = null;
    }

    /** With {@code lines}, the dedicated lines (none when plain HTTP) whose certificates {@code POST /v1/admin/tls/reloads} reads again. */
    public SigningKeyEndpoints(KeyRing ring, Idempotency idempotency, List<dev.contentpay.platform.tls.TlsFiles.Line> lines) {
        this.ring = ring;
        this.idempotency = idempotency;
        this.lines = List.copyOf(lines);
    }

    public void register(RoutesConfig routes) {
        routes.get("/v1/admin/keys", ctx -> ctx.json(view()));
        routes.post("/v1/admin/keys/rotations", this::rotate);
        if (lines != null) routes.post("/v1/admin/tls/reloads", this::reloadLines);
    }

    /**
     * Reads each dedicated line's certificate and key again (written by {@code contentpay keys
     * certificate}): new handshakes present them, open connections keep theirs. New files that fail
     * the start's checks are refused with {@code validation_failed}, naming why, and the old ones stay.
     */
    private void reloadLines(Context ctx) {
        byte[] body = WebServer.body(ctx);
        idempotency.respond(ctx, "tls-reload", body, 200, LineCertificates.class, () -> {
            for (var line : lines) {
                try {
                    line.reload();
                } catch (IllegalStateException e) {
                    throw dev.contentpay.platform.error.ContentpayException.invalid(line.files().prefix() + ".cert-file", e.getMessage());
                }
            }
            var answer = new LineCertificates(lines.stream().map(l -> new LineCertificate(l.files().prefix(),
                    dev.contentpay.platform.tls.Certificates.readCertificate(l.files().certFile()).getNotAfter().toInstant().toString())).toList());
            reloaded.accept("line certificates read again: " + String.join(", ", answer.lines().stream()
                    .map(l -> l.setting() + " until " + l.notAfter()).toList()));
            return answer;
        });
    }

    /** A new key, once per idempotency key: a repeat answers the first rotation's keys and rotates nothing. */
    private void rotate(Context ctx) {
        byte[] body = WebServer.body(ctx);
        idempotency.respond(ctx, "key-rotation", body, 200, SigningKeys.class, () -> {
            var replaced = ring.current();
            var fresh = ring.rotate();
            rotated.accept("signing key " + fresh.kid() + " is current; " + replaced.kid() + " retires at "
                    + ring.entries().stream().filter(e -> e.kid().equals(replaced.kid())).findFirst().map(e -> String.valueOf(e.retiresAt())).orElse("once"));
            return view();
        });
    }

    private SigningKeys view() {
        var current = ring.current();
        return new SigningKeys(ring.entries().stream().map(e -> new SigningKey(e.kid(), e.created().toString(),
                e.retiresAt() == null ? null : e.retiresAt().toString(), e.kid().equals(current.kid()))).toList());
    }
}
