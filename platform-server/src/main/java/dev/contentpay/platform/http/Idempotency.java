package dev.contentpay.platform.http;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import io.javalin.http.Context;
import org.jdbi.v3.core.Handle;

import dev.contentpay.platform.config.ConfigReader;
import dev.contentpay.platform.io.OwnerOnlyFiles;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Invariant 6: every state-changing request carries a client-chosen {@code Idempotency-Key}; the
 * same key and body give the first answer again, the same key with another body is an error. The
 * first request claims the key before it runs, so concurrent repeats wait their turn rather than
 * run twice: in the database on PostgreSQL, where several instances may share it, and in this
 * process on SQLite, which one process alone opens, so that a request costs one commit (its
 * answer) instead of two. A definite answer (success or a final refusal) is kept; a retryable
 * failure releases the key so the client's retry runs afresh.
 *
 * <p>Every state-changing route goes through {@link #answer} (or {@link #respond}, its usual
 * handler form): the action returns its own record, which is written as JSON once; those bytes
 * are kept and sent, to the first caller and to every repeat, as the typed {@link Answer}.
 *
 * <p>What is stored reveals and grants nothing to whoever copies the database alone. An entry is
 * found by a keyed hash of scope and client key (fixed width whatever their lengths), and its
 * answer, which may hold a bearer token (an approval, a receipt's download link), is encrypted
 * with AES-256-GCM under a key derived from both the key file and the client's own
 * {@code Idempotency-Key}: the key file alone does not open it either. The key file
 * ({@code <signing key>-idempotency.key}, owner-only) lives outside the database.
 *
 * <p>Answers are kept for {@code idempotency.retention} (24 hours by default) and purged every
 * five minutes; after that the same key runs as a new request.
 */
public final class Idempotency implements AutoCloseable {

    /** Stateless, so one serves every server's idempotency. */
    private static final IdempotencyStore STORE = new JdbiIdempotencyStore();

    public static final String HEADER = ServiceClient.IDEMPOTENCY_KEY;
    /** A claim older than this belongs to a request whose server died; a retry may take it over. */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
    /** How often answers past their retention are deleted. */
    public static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);
    /**
     * The most answers one purge transaction deletes ({@link Database#inChunks}): five minutes of a
     * busy day's answers are hundreds of thousands of rows.
     */
    static final int PURGE_CHUNK = 1_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    private static final String HMAC = "HmacSHA256";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The request this thread is answering, while its action runs ({@link #keptWith}). */
    private static final ThreadLocal<Pending<?>> PENDING = new ThreadLocal<>();

    private final Database db;
    private final Clock clock;
    private final Duration retention;
    /** HMAC-SHA256 under each derived key, initialised once and cloned per use (cheaper than a new Mac and init). */
    private final Mac entryKey;
    private final Mac requestKey;
    private final Mac answerKey;
    private final ScheduledExecutorService purger;
    /** Keys being answered now, on a database this process alone opens (SQLite); null on PostgreSQL. */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> inProcess;

    /**
     * @param keyFile   the secret that keys entries, request hashes and answers, created owner-only
     *                  on first start (see {@link #keyFileBeside(Path)})
     * @param retention how long an answer is kept; the key may be reused after it
     */
    public Idempotency(Database db, Clock clock, Path keyFile, Duration retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention.compareTo(ABANDONED_AFTER) < 0 ? ABANDONED_AFTER : retention;
        byte[] secret = secret(db, keyFile);
        this.entryKey = macFor(derive(secret, "entry"));
        this.requestKey = macFor(derive(secret, "request"));
        this.answerKey = macFor(derive(secret, "answer"));
        this.inProcess = db.isSqlite() ? new java.util.concurrent.ConcurrentHashMap<>() : null;
        this.purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idempotency-purge");
            t.setDaemon(true);
            return t;
        });
        purger.scheduleWithFixedDelay(this::purgeQuietly, PURGE_INTERVAL.toMillis(), PURGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code keys/auth.jwk} gives {@code keys/auth-idempotency.key}. */
    public static Path keyFileBeside(Path signingKeyFile) {
        String name = signingKeyFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return signingKeyFile.resolveSibling(stem + "-idempotency.key");
    }

    /** The setting {@code idempotency.retention}, shared by every server that keeps answers. */
    public static Duration retention(ConfigReader reader) {
        Duration d = reader.duration("idempotency.retention", DEFAULT_RETENTION, "how long an answer to an Idempotency-Key is kept "
                + "(encrypted) and given again; after it the same key runs as a new request. At least 5 minutes");
        reader.check(d == null || d.compareTo(Duration.ofMinutes(5)) >= 0, "idempotency.retention must be at least 5 minutes, not " + d);
        return d;
    }

    /**
     * The key file's secret. A database from before it kept the secret in {@code idempotency_secret}:
     * that value moves to the file on first start and leaves the database.
     */
    private static byte[] secret(Database db, Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                String old = db.inTransaction(h -> STORE.legacySecret(h).orElse(null));
                byte[] fresh = old != null ? Base64.getUrlDecoder().decode(old) : randomBytes(32);
                OwnerOnlyFiles.createWith(keyFile, Base64.getUrlEncoder().withoutPadding().encode(fresh));
            }
            byte[] secret = Base64.getUrlDecoder().decode(Files.readString(keyFile).trim());
            if (secret.length < 32) throw new IllegalStateException("the idempotency key in " + keyFile + " is shorter than 32 bytes");
            db.useTransaction(STORE::dropLegacySecret);
            return secret;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the idempotency key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static SecretKeySpec derive(byte[] secret, String purpose) {
        return new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC), purpose.getBytes(StandardCharsets.UTF_8)), HMAC);
    }

    private static Mac macFor(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(Mac prototype, byte[]... parts) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 cannot be cloned", e);
        }
        for (byte[] part : parts) mac.update(part);
        return mac.doFinal();
    }

    private static byte[] hmac(SecretKeySpec key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            for (byte[] part : parts) mac.update(part);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where an entry is kept: a keyed hash of scope and client key, 64 hex characters whatever their lengths. */
    private String entryId(String scope, String key) {
        return HexFormat.of().formatHex(hmac(entryKey, utf8(scope), new byte[]{0}, utf8(key)));
    }

    /** The answer's own AES-256 key: the key file's secret and the client's key, both needed. */
    private SecretKeySpec answerCipherKey(String scope, String key) {
        return new SecretKeySpec(hmac(answerKey, utf8(scope), new byte[]{0}, utf8(key)), "AES");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * AES-GCM ciphers kept for the next answer: finding one through the providers cost more than
     * the encryption of a small answer. A cipher is used by one caller at a time, initialised afresh
     * (key and nonce) for each answer, and given back only after a use that completed; one that
     * threw is dropped. The pool holds at most as many as ever ran at once.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<Cipher> CIPHERS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private static Cipher cipher() throws GeneralSecurityException {
        Cipher kept = CIPHERS.poll();
        return kept != null ? kept : Cipher.getInstance("AES/GCM/NoPadding");
    }

    private String seal(String scope, String key, String id, byte[] body) {
        try {
            byte[] nonce = randomBytes(NONCE_BYTES);
            Cipher cipher = cipher();
            cipher.init(Cipher.ENCRYPT_MODE, answerCipherKey(scope, key), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(utf8(id));
            byte[] sealed = cipher.doFinal(body);
            CIPHERS.offer(cipher);
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] open(String scope, String key, String id, String stored) {
        try {
            byte[] in = Base64.getDecoder().decode(stored);
            Cipher cipher = cipher();
            cipher.init(Cipher.DECRYPT_MODE, answerCipherKey(scope, key), new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD(utf8(id));
            byte[] opened = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            CIPHERS.offer(cipher);
            return opened;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored idempotent answer does not open under this key file", e);
        }
    }

    /**
     * What makes two requests "the same": method, path and body, under a keyed hash, so the stored
     * hash reveals nothing of a password or PIN the body held.
     */
    public String requestHash(String method, String path, byte[] body) {
        return HexFormat.of().formatHex(hmac(requestKey, utf8(method + "\n" + path + "\n"), body));
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

    /** {@link #requestHash(String, String, byte[])} of this request's method, path and body. */
    public String requestHash(Context ctx, byte[] body) {
        return requestHash(ctx.method().name(), ctx.path(), body);
    }

    /**
     * Runs {@code action} once per (scope, key) and gives its answer: the first time the record it
     * returns (with {@code successStatus}) or the final refusal it throws, kept; after that the kept
     * answer, as long as {@code requestHash} is the first request's ({@code idempotency_key_reused}
     * otherwise). A retryable refusal or any other failure is thrown and keeps nothing, so the
     * client's retry runs afresh; a repeat while the first still runs is {@code request_in_progress}.
     */
    public <T> Answer<T> answer(String scope, String key, String requestHash, int successStatus, Class<T> type,
                                Supplier<? extends T> action) {
        if (inProcess != null) return runInProcess(scope, key, requestHash, successStatus, type, action);
        long now = clock.millis();
        String id = entryId(scope, key);
        Optional<Stored> earlier = claim(id, requestHash, now);
        if (earlier.isPresent()) return Answer.stored(earlier.get().status(), open(scope, key, id, earlier.get().sealed()), type);
        var pending = new Pending<>(this, scope, key, id, requestHash, successStatus, type, false);
        Answer<T> answer = pending.outcome(action, () -> release(id));
        if (!pending.written) complete(id, seal(scope, key, id, answer.body()), answer.status());
        return answer;
    }

    /**
     * The usual handler: the request's own key, a request hash of its method, path and body, and the
     * answer written to {@code ctx}.
     */
    public <T> void respond(Context ctx, String scope, byte[] body, int successStatus, Class<T> type, Supplier<? extends T> action) {
        answer(scope, key(ctx), requestHash(ctx, body), successStatus, type, action).writeTo(ctx);
    }

    /**
     * The answer of the request this thread is running, as a write for the transaction its action
     * is about to commit, so that the outcome and the answer that tells it are one commit instead of
     * two. The action calls this with the very record it will return, just before its last
     * transaction, and runs what it gets inside that transaction (a store's
     * {@code Consumer<Handle>}): the JSON and its encryption are made here, on the caller's thread,
     * and the transaction only writes a row. Outside an idempotent request, or for a record of
     * another type than the request answers, the write does nothing and the answer is kept on its
     * own, as for every other action.
     *
     * <p>Once that transaction has committed the answer stands, whatever the action does next: if
     * it then fails, its caller gets the kept answer, as a retry would.
     */
    public static Consumer<Handle> keptWith(Object value) {
        Pending<?> pending = PENDING.get();
        if (pending == null || !pending.type.isInstance(value)) return NOTHING;
        byte[] json = Json.write(value);
        String sealed = pending.sealed(json);
        return h -> pending.write(h, value, json, sealed);
    }

    private static final Consumer<Handle> NOTHING = h -> { };

    /**
     * Like {@link #keptWith}, for an answer that is only known inside the transaction (a figure it
     * reads): taken on the caller's thread before the transaction, given the answer inside it.
     */
    public static Keeper keeper() {
        Pending<?> pending = PENDING.get();
        return pending == null ? (h, value) -> { } : pending::keep;
    }

    /** Keeps a request's answer in the transaction of a {@link Handle}; see {@link #keeper()}. */
    @FunctionalInterface
    public interface Keeper {
        /** Writes {@code value} as the answer, in {@code h}'s transaction; does nothing for a record of another type. */
        void keep(Handle h, Object value);
    }

    /**
     * One request's answering while its action runs on this thread: the record given to
     * {@link #keptWith}, its JSON, and whether the transaction that kept it has run.
     */
    private static final class Pending<T> {
        private final Idempotency owner;
        private final String scope;
        private final String key;
        private final String id;
        private final String requestHash;
        private final int status;
        private final Class<T> type;
        /** A row to insert (SQLite, claimed in this process) rather than a claim to complete (PostgreSQL). */
        private final boolean insert;
        private Object keptValue;
        private byte[] keptBody;
        /** Set inside the transaction, on its thread (the database's writer, perhaps); read after it. */
        private volatile boolean written;

        Pending(Idempotency owner, String scope, String key, String id, String requestHash, int status, Class<T> type, boolean insert) {
            this.owner = owner;
            this.scope = scope;
            this.key = key;
            this.id = id;
            this.requestHash = requestHash;
            this.status = status;
            this.type = type;
            this.insert = insert;
        }

        /**
         * What the request answers: the action's record, or the final refusal it threw, or, when it
         * failed after its transaction kept an answer, that answer. A retryable refusal, or any other
         * failure, is thrown after {@code release}, and nothing is kept for it.
         */
        Answer<T> outcome(Supplier<? extends T> action, Runnable release) {
            try {
                return run(action);
            } catch (ContentpayException e) {
                Answer<T> kept = keptAnswer();
                if (kept != null) return kept;
                if (e.code().retryable()) {
                    release.run();
                    throw e;
                }
                return Answer.refused(type, e.toProblem());
            } catch (RuntimeException | Error e) {
                Answer<T> kept = keptAnswer();
                if (kept != null) return kept;
                release.run();
                throw e;
            }
        }

        /** The action's fresh answer; its JSON is written once, here or in {@link #keep}. */
        private Answer<T> run(Supplier<? extends T> action) {
            Pending<?> outer = PENDING.get();
            PENDING.set(this);
            T value;
            try {
                value = action.get();
            } finally {
                if (outer == null) PENDING.remove();
                else PENDING.set(outer);
            }
            if (!written) return Answer.fresh(status, type, value);
            if (value != keptValue) throw new IllegalStateException("an action kept one answer in its transaction and returned another");
            return Answer.fresh(status, type, value, keptBody);
        }

        String sealed(byte[] json) {
            return owner.seal(scope, key, id, json);
        }

        void keep(Handle h, Object value) {
            if (!type.isInstance(value)) return;
            byte[] json = Json.write(value);
            write(h, value, json, sealed(json));
        }

        /** Runs in the action's transaction, on whatever thread runs it (a database's writer, perhaps). */
        void write(Handle h, Object value, byte[] json, String sealed) {
            if (insert) STORE.put(h, id, requestHash, owner.clock.millis(), owner.db.instanceId(), status, sealed);
            else STORE.complete(h, id, status, sealed);
            keptValue = value;
            keptBody = json;
            written = true;
        }

        /**
         * After the action failed: the answer its transaction kept, read back, if that transaction
         * committed; null when it kept none (or rolled back).
         */
        Answer<T> keptAnswer() {
            if (!written) return null;
            IdempotencyStore.Entry row = owner.db.withHandle(h -> STORE.find(h, id)).orElse(null);
            if (row == null || !row.answered()) {
                written = false; // its transaction rolled back
                return null;
            }
            return Answer.stored(row.status(), owner.open(scope, key, id, row.answer()), type);
        }
    }

    /** A kept answer as the table holds it: its status and its sealed body. */
    private record Stored(int status, String sealed) {
    }

    /**
     * The same contract on a database only this process opens: the claim is an entry of a map, the
     * earlier answer (if any) is read without a transaction, and the answer is written in one (the
     * action's own last one, when it keeps its answer with {@link #keptWith}). A row without an
     * answer can only be a claim of this process's previous life (or of a version that wrote
     * claims), so it is taken over.
     */
    private <T> Answer<T> runInProcess(String scope, String key, String requestHash, int successStatus, Class<T> type,
                                       Supplier<? extends T> action) {
        String id = entryId(scope, key);
        if (inProcess.putIfAbsent(id, Boolean.TRUE) != null) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
        try {
            IdempotencyStore.Entry row = db.withHandle(h -> STORE.find(h, id)).orElse(null);
            if (row != null && !requestHash.equals(row.requestHash())) throw new ContentpayException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            if (row != null && row.answered()) return Answer.stored(row.status(), open(scope, key, id, row.answer()), type);
            var pending = new Pending<>(this, scope, key, id, requestHash, successStatus, type, true);
            Answer<T> answer = pending.outcome(action, () -> { });
            if (pending.written) return answer;
            String sealed = seal(scope, key, id, answer.body());
            long now = clock.millis();
            int status = answer.status();
            db.useTransaction(h -> STORE.put(h, id, requestHash, now, db.instanceId(), status, sealed));
            return answer;
        } finally {
            inProcess.remove(id);
        }
    }

    /**
     * Claims the key, or answers what an earlier request with it decided. The claim is an INSERT
     * that does nothing on a conflict, so two instances (or threads) racing for one key on
     * PostgreSQL, where a read does not lock, cannot both see "absent" and both insert: one
     * inserts, the other waits for it and then reads its row. Taking over a dead claim is
     * conditional on the claim's time, so only one of several retries takes it.
     */
    private Optional<Stored> claim(String id, String requestHash, long now) {
        return db.inTransaction(h -> {
            if (STORE.claim(h, id, requestHash, now, db.instanceId())) return Optional.<Stored>empty();
            IdempotencyStore.Entry row = STORE.find(h, id).orElse(null);
            // Released between our insert and this read: its owner failed retryably; the client retries.
            if (row == null) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
            if (!requestHash.equals(row.requestHash())) throw new ContentpayException(ErrorCode.IDEMPOTENCY_KEY_REUSED);
            if (row.answered()) return Optional.of(new Stored(row.status(), row.answer()));
            if (now - row.createdAt() < ABANDONED_AFTER.toMillis()) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
            if (!STORE.takeOver(h, id, row.createdAt(), now, db.instanceId())) throw new ContentpayException(ErrorCode.REQUEST_IN_PROGRESS);
            return Optional.<Stored>empty();
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
        return db.inTransaction(h -> STORE.releaseClaimsNotOf(h, db.liveInstances(h)));
    }

    /**
     * Deletes the answers (and claims) older than the retention; the keys they held may be used
     * again. Returns how many were deleted.
     */
    public int purgeExpired() {
        long cutoff = clock.millis() - retention.toMillis();
        return db.inChunks(PURGE_CHUNK, h -> STORE.purgeOlderThan(h, cutoff, PURGE_CHUNK));
    }

    private void purgeQuietly() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            // The next round tries again; a closed database ends with the server.
        }
    }

    @Override
    public void close() {
        purger.shutdownNow();
    }

    private void complete(String id, String sealed, int status) {
        db.useTransaction(h -> STORE.complete(h, id, status, sealed));
    }

    private void release(String id) {
        db.useTransaction(h -> STORE.release(h, id));
    }
}
