package dev.contentpay.platform.http;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Invariant 6: every state-changing request carries a client-chosen {@code Idempotency-Key}; the
 * same key and body give the first answer again, the same key with another body is an error. The
 * first request claims the key in the database before it runs, so concurrent repeats wait their
 * turn rather than run twice. A definite answer (success or a final refusal) is kept; a retryable
 * failure releases the key so the client's retry runs afresh.
 */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    /** A claim older than this belongs to a request whose server died; a retry may take it over. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    public record Outcome(int status, String body) {
        public boolean isProblem() {
            return status >= 400;
        }
    }

    private final Database db;
    private final Clock clock;
    private final javax.crypto.spec.SecretKeySpec hashKey;

    public Idempotency(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.hashKey = new javax.crypto.spec.SecretKeySpec(java.util.Base64.getUrlDecoder().decode(secret(db)), "HmacSHA256");
    }

    /** The database's hashing key, made by whichever instance comes first and shared by all. */
    private static String secret(Database db) {
        return db.inTransaction(h -> {
            h.createUpdate("INSERT INTO idempotency_secret (id, secret) VALUES (1, :secret) ON CONFLICT (id) DO NOTHING")
                    .bind("secret", dev.contentpay.platform.id.Ids.randomToken(32)).execute();
            return h.createQuery("SELECT secret FROM idempotency_secret WHERE id = 1").mapTo(String.class).one();
        });
    }

    /**
     * What makes two requests "the same": method, path and body, under a keyed hash, so the stored
     * hash reveals nothing of a password or PIN the body held.
     */
    public String requestHash(String method, String path, byte[] body) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            mac.update((method + "\n" + path + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The validated key of a request; missing or malformed keys are refused. */
    public static String key(Context ctx) {
        return validKey(ctx.header(HEADER));
    }

    /** The header's value when it is a usable key; {@code idempotency_key_missing} or {@code validation_failed} otherwise. */
    public static String validKey(String key) {
        if (key == null || key.isBlank()) throw new ContentpayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ContentpayException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        return key;
    }

    /** Runs the request once per (scope, key) and writes its answer, first or stored, to {@code ctx}. */
    public void respond(Context ctx, String scope, byte[] body, Supplier<Object> action, int successStatus) {
        Outcome outcome = execute(scope, key(ctx), requestHash(ctx.method().name(), ctx.path(), body),
                () -> new Outcome(successStatus, Json.writeString(action.get())));
        ctx.status(outcome.status());
        ctx.contentType(outcome.isProblem() ? Problem.MEDIA_TYPE : "application/json");
        ctx.result(outcome.body());
    }

    public Outcome execute(String scope, String key, String requestHash, Supplier<Outcome> action) {
        long now = clock.millis();
        Optional<Outcome> earlier = claim(scope, key, requestHash, now);
        if (earlier.isPresent()) return earlier.get();
        Outcome outcome;
        try {
            outcome = action.get();
        } catch (ContentpayException e) {
            if (e.code().retryable()) {
                release(scope, key);
                throw e;
            }
            outcome = new Outcome(e.code().status(), Json.writeString(e.toProblem()));
        } catch (RuntimeException | Error e) {
            release(scope, key);
            throw e;
        }
        complete(scope, key, outcome);
        return outcome;
    }

    /**
     * Claims the key, or answers what an earlier request with it decided. The claim is an INSERT
     * that does nothing on a conflict, so two instances (or threads) racing for one key on
     * PostgreSQL, where a read does not lock, cannot both see "absent" and both insert: one
     * inserts, the other waits for it and then reads its row. Taking over a dead claim is
     * conditional on the claim's time, so only one of several retries takes it.
     */
    private Optional<Outcome> claim(String scope, String key, String requestHash, long now) {
        return db.inTransaction(h -> {
            int inserted = h.createUpdate("INSERT INTO idempotency_record (scope, idem_key, request_hash, created_at, owner) "
                            + "VALUES (:scope, :key, :hash, :now, :owner) ON CONFLICT (scope, idem_key) DO NOTHING")
                    .bind("owner", db.instanceId()).bind("scope", scope).bind("key", key).bind("hash", requestHash).bind("now", now).execute();
            if (inserted == 1) return Optional.<Outcome>empty();
            Object[] row = h.createQuery("SELECT request_hash, status, body, created_at FROM idempotency_record WHERE scope = :scope AND idem_key = :key")
                    .bind("scope", scope).bind("key", key)
                    .map((rs, c) -> new Object[]{rs.getString(1), rs.getObject(2) == null ? null : rs.getInt(2), rs.getString(3), rs.getLong(4)})
                    .findOne().orElse(null);
            // Released between our insert and this read: its owner failed retryably; the client retries.
            if (row == null) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
            if (!requestHash.equals(row[0])) throw new ContentpayException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            if (row[1] != null) return Optional.of(new Outcome((Integer) row[1], (String) row[2]));
            if (now - (Long) row[3] < ABANDONED_AFTER.toMillis()) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
            int taken = h.createUpdate("UPDATE idempotency_record SET created_at = :now, owner = :owner WHERE scope = :scope AND idem_key = :key "
                            + "AND status IS NULL AND created_at = :claimed")
                    .bind("scope", scope).bind("key", key).bind("now", now).bind("claimed", (Long) row[3]).bind("owner", db.instanceId()).execute();
            if (taken == 0) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
            return Optional.<Outcome>empty();
        });
    }

    /**
     * Releases the claims of requests whose process died (kill -9, a crash) before answering, so a
     * buyer's retry with the same key runs afresh at once instead of hearing
     * {@code request_in_progress} until the claim is two minutes old. Only claims of instances that
     * are not alive on this database are touched, so it is safe with several instances sharing it;
     * a server calls it at start and from time to time. Returns how many were released.
     */
    public static int releaseClaimsOfDeadInstances(Database db) {
        return db.inTransaction(h -> h.createUpdate("DELETE FROM idempotency_record WHERE status IS NULL "
                        + "AND (owner IS NULL OR owner NOT IN (<live>))")
                .bindList("live", db.liveInstances(h)).execute());
    }

    private void complete(String scope, String key, Outcome outcome) {
        db.useTransaction(h -> h.createUpdate("UPDATE idempotency_record SET status = :status, body = :body WHERE scope = :scope AND idem_key = :key")
                .bind("status", outcome.status()).bind("body", outcome.body()).bind("scope", scope).bind("key", key).execute());
    }

    private void release(String scope, String key) {
        db.useTransaction(h -> h.createUpdate("DELETE FROM idempotency_record WHERE scope = :scope AND idem_key = :key AND status IS NULL")
                .bind("scope", scope).bind("key", key).execute());
    }
}
