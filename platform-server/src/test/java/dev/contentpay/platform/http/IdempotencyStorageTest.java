package dev.contentpay.platform.http;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.TestDatabases;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.time.HandClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the idempotency store keeps (issue 13, items 5 and 13): no answer in clear, nothing a copy of
 * the database alone can use, nothing after the retention, a key outside the database, and fixed-width
 * rows whatever the lengths of scope and key. And what it answers ({@link Idempotency#answer}): the
 * action's own record the first time, the same bytes and an equal record on a repeat, a final
 * refusal kept like a success, a retryable one not kept, and another request under the same key
 * refused. On SQLite and on PostgreSQL.
 */
class IdempotencyStorageTest {

    private static final String TOKEN = "download-token-that-must-not-be-stored-in-clear";

    @TempDir
    Path dir;
    private Database db;
    private String url;
    private final HandClock clock = new HandClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger runs = new AtomicInteger();
    /** The one the answer tests share; the storage tests make their own. */
    private Idempotency idempotency;

    @BeforeEach
    void open() {
        url = TestDatabases.url(dir, "idem");
        db = Database.open("idem-test", url, List.of(), 2);
    }

    @AfterEach
    void close() {
        if (idempotency != null) idempotency.close();
        db.close();
    }

    /** A stored answer as its status and its bytes, comparable by value. */
    private record Given(int status, String body) {
    }

    private record Download(String download) {
    }

    record Order(String id, long amount) {
    }

    private Given once(Idempotency idempotency, String scope, String key) {
        Answer<Download> answer = idempotency.answer(scope, key, idempotency.requestHash("POST", "/v1/x", new byte[0]), 201, Download.class, () -> {
            runs.incrementAndGet();
            return new Download(TOKEN);
        });
        return new Given(answer.status(), new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private String everyStoredValue() {
        var tables = TestDatabases.rows(url, TestDatabases.tablesQuery(url)).stream().map(r -> r.get(0))
                .filter(t -> t.startsWith("idempotency")).toList();
        var all = new StringBuilder();
        for (String table : tables) all.append(TestDatabases.rows(url, "SELECT * FROM " + table)).append('\n');
        return all.toString();
    }

    /**
     * Releasing the claims of dead instances (settlement's recovery, before every sweep) finds them
     * through an index of unfinished requests: it used to read every row of the table, a day of
     * answers, each time.
     */
    @Test
    void theClaimsOfDeadInstancesAreReleasedWithoutReadingTheAnswers() {
        long dead = db.instanceId() + 1_000_003;
        String insert = "INSERT INTO idempotency_entry (id, request_hash, status, answer, created_at, owner) VALUES (?, 'h', ?, ?, 1, ?)";
        db.useTransaction(h -> {
            h.execute(insert, "claim-of-the-dead", null, null, dead);
            h.execute(insert, "claim-of-the-living", null, null, db.instanceId());
            h.execute(insert, "answer-of-the-dead", 201, "sealed", dead);
        });

        assertThat(Idempotency.releaseClaimsOfDeadInstances(db)).isEqualTo(1);

        // CHAR(64): PostgreSQL pads the ids with blanks.
        List<String> left = db.withHandle(h -> h.createQuery("SELECT id FROM idempotency_entry ORDER BY id").mapTo(String.class).list());
        assertThat(left).map(String::strip).containsExactly("answer-of-the-dead", "claim-of-the-living");
        if (db.isSqlite()) {
            List<String> plan = db.withHandle(h -> h.createQuery("EXPLAIN QUERY PLAN DELETE FROM idempotency_entry "
                    + "WHERE status IS NULL AND (owner IS NULL OR owner NOT IN (1, 2))").map((rs, ctx) -> rs.getString("detail")).list());
            assertThat(plan).anySatisfy(step -> assertThat(step).contains("USING INDEX idempotency_entry_claims"))
                    .noneSatisfy(step -> assertThat(step).isEqualTo("SCAN idempotency_entry"));
        } else {
            String index = db.withHandle(h -> h.createQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'idempotency_entry_claims'")
                    .mapTo(String.class).one());
            assertThat(index).contains("(owner)").contains("status IS NULL");
        }
    }

    @Test
    void aStoredAnswerIsGivenAgainButNeitherItNorTheKeyIsKeptInClear() {
        try (var idempotency = new Idempotency(db, clock, dir.resolve("keys/settlement-idempotency.key"), Duration.ofHours(24))) {
            var first = once(idempotency, "checkout", "client-key-123456");
            var again = once(idempotency, "checkout", "client-key-123456");

            assertThat(again).isEqualTo(first);
            assertThat(runs).hasValue(1);
            String stored = everyStoredValue();
            assertThat(stored).doesNotContain(TOKEN).doesNotContain("download").doesNotContain("client-key-123456").doesNotContain("checkout");
        }
    }

    @Test
    void theDatabaseWithAnotherKeyFileNeitherReadsNorUsesAStoredAnswer() {
        try (var original = new Idempotency(db, clock, dir.resolve("a/auth-idempotency.key"), Duration.ofHours(24))) {
            once(original, "approve", "k1");
        }
        // Whoever copied the database has not the key file: the entry is neither found nor opened.
        try (var copy = new Idempotency(db, clock, dir.resolve("b/auth-idempotency.key"), Duration.ofHours(24))) {
            once(copy, "approve", "k1");
        }
        assertThat(runs).hasValue(2);
    }

    @Test
    void answersArePurgedAfterTheRetentionAndTheKeyThenRunsAfresh() {
        try (var idempotency = new Idempotency(db, clock, dir.resolve("keys/shop-idempotency.key"), Duration.ofHours(24))) {
            once(idempotency, "select", "k");
            clock.advance(Duration.ofHours(23));
            assertThat(idempotency.purgeExpired()).isZero();
            once(idempotency, "select", "k");
            assertThat(runs).hasValue(1);

            clock.advance(Duration.ofHours(2));
            assertThat(idempotency.purgeExpired()).isEqualTo(1);
            assertThat(TestDatabases.rows(url, "SELECT COUNT(*) FROM idempotency_entry")).containsExactly(List.of("0"));
            once(idempotency, "select", "k");
            assertThat(runs).hasValue(2);
        }
    }

    /** A purge deletes a thousand answers a transaction until none is left past the retention. */
    @Test
    void aPurgeOfManyAnswersGoesAThousandAtATime() {
        long old = clock.millis() - Duration.ofHours(25).toMillis();
        int many = 2 * Idempotency.PURGE_CHUNK + 500;
        db.useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO idempotency_entry (id, request_hash, status, answer, created_at) VALUES (?, 'h', 201, 'sealed', ?)");
            for (int i = 0; i < many; i++) batch.add("old-" + i, old + i);
            batch.add("young", clock.millis());
            batch.execute();
        });
        try (var idempotency = new Idempotency(db, clock, dir.resolve("keys/x-idempotency.key"), Duration.ofHours(24))) {
            assertThat(idempotency.purgeExpired()).isEqualTo(many);
            assertThat(idempotency.purgeExpired()).isZero();
        }
        List<String> left = db.withHandle(h -> h.createQuery("SELECT id FROM idempotency_entry").mapTo(String.class).list());
        assertThat(left).map(String::strip).containsExactly("young");
    }

    @Test
    void theOldSecretInTheDatabaseMovesToAnOwnerOnlyKeyFileAndLeavesTheDatabase() throws Exception {
        String old = dev.contentpay.platform.id.Ids.randomToken(32);
        TestDatabases.execute(url, "INSERT INTO idempotency_secret (id, secret) VALUES (1, '" + old + "')");
        Path keyFile = dir.resolve("keys/auth-idempotency.key");

        try (var ignored = new Idempotency(db, clock, keyFile, Duration.ofHours(24))) {
            assertThat(Files.readString(keyFile).trim()).isEqualTo(old);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(TestDatabases.rows(url, "SELECT COUNT(*) FROM idempotency_secret")).containsExactly(List.of("0"));
        }
    }

    /** Item 13: a long scope and a 255-character key fit, on PostgreSQL too (was VARCHAR(64) overflow: a 500). */
    @Test
    void aLongScopeAndTheLongestKeyFit() {
        String scope = "refund:" + "r".repeat(64);
        String key = "k".repeat(255);
        try (var idempotency = new Idempotency(db, clock, dir.resolve("keys/x-idempotency.key"), Duration.ofHours(24))) {
            assertThat(once(idempotency, scope, key).status()).isEqualTo(201);
            assertThat(once(idempotency, scope, key).status()).isEqualTo(201);
            assertThat(runs).hasValue(1);
        }
    }

    @Test
    void theKeyFileIsPlacedBesideTheSigningKey() {
        assertThat(Idempotency.keyFileBeside(Path.of("keys/auth.jwk"))).isEqualTo(Path.of("keys/auth-idempotency.key"));
    }

    /** The idempotency the answer tests share, made (its key file written) on first use. */
    private Idempotency shared() {
        if (idempotency == null) idempotency = new Idempotency(db, clock, dir.resolve("keys/x-idempotency.key"), Duration.ofHours(24));
        return idempotency;
    }

    private Answer<Order> order(String key, String request, java.util.function.Supplier<Order> action) {
        Idempotency idempotency = shared();
        return idempotency.answer("orders", key, idempotency.requestHash("POST", "/v1/orders", request.getBytes()), 201, Order.class, () -> {
            runs.incrementAndGet();
            return action.get();
        });
    }

    @Test
    void theFirstAnswerIsTheActionsOwnRecordAndARepeatGivesTheSameBytesAndAnEqualRecord() {
        Order made = new Order("o1", 500);
        Answer<Order> first = order("k1", "{}", () -> made);
        Answer<Order> again = order("k1", "{}", () -> new Order("o2", 1));

        assertThat(first.value()).isSameAs(made);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.value()).isEqualTo(made);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFinalRefusalIsKeptAndGivenAgainAsTheSameProblem() {
        Answer<Order> first = order("k2", "{}", () -> {
            throw new ContentpayException(ErrorCode.LIMIT_EXCEEDED);
        });
        Answer<Order> again = order("k2", "{}", () -> new Order("o3", 1));

        assertThat(first.isProblem()).isTrue();
        assertThat(again.problem().errorCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(again.body()).isEqualTo(first.body());
        assertThatThrownBy(again::valueOrThrow).isInstanceOfSatisfying(ContentpayException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRetryableRefusalKeepsNothingSoTheRetryRunsAfresh() {
        assertThatThrownBy(() -> order("k3", "{}", () -> {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE);
        })).isInstanceOf(ContentpayException.class);
        assertThat(order("k3", "{}", () -> new Order("o4", 2)).value()).isEqualTo(new Order("o4", 2));
        assertThat(runs).hasValue(2);
    }

    @Test
    void theSameKeyForAnotherRequestIsRefusedWithoutRunning() {
        order("k4", "{\"a\":1}", () -> new Order("o5", 3));

        assertThatThrownBy(() -> order("k4", "{\"a\":2}", () -> new Order("o6", 4)))
                .isInstanceOfSatisfying(ContentpayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
        assertThat(runs).hasValue(1);
    }

    /** The action's own table, written in the transaction that also keeps the answer. */
    private int things() {
        return Integer.parseInt(TestDatabases.rows(url, "SELECT COUNT(*) FROM thing").get(0).get(0));
    }

    private void thingTable() {
        db.useTransaction(h -> h.execute("CREATE TABLE thing (id VARCHAR(20) PRIMARY KEY)"));
    }

    @Test
    void anAnswerKeptInTheActionsOwnTransactionIsOneUnitOfWorkWithItAndIsGivenAgain() {
        thingTable();
        shared();
        long unitsBefore = db.commitsAndUnits()[1];
        Order made = new Order("o7", 700);
        Answer<Order> first = order("k5", "{}", () -> {
            var keep = Idempotency.keptWith(made);
            db.useTransaction(h -> {
                h.execute("INSERT INTO thing (id) VALUES ('o7')");
                keep.accept(h);
            });
            return made;
        });
        if (db.isSqlite()) assertThat(db.commitsAndUnits()[1] - unitsBefore).as("units of work: the thing and its answer together").isEqualTo(1);
        Answer<Order> again = order("k5", "{}", () -> new Order("o8", 1));

        assertThat(first.value()).isSameAs(made);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.value()).isEqualTo(made);
        assertThat(runs).hasValue(1);
        assertThat(things()).isEqualTo(1);
    }

    @Test
    void anAnswerMadeInsideTheTransactionIsKeptThereToo() {
        thingTable();
        Answer<Order> first = order("k6", "{}", () -> {
            var keeper = Idempotency.keeper();
            return db.inTransaction(h -> {
                h.execute("INSERT INTO thing (id) VALUES ('o9')");
                var made = new Order("o9", things(h));
                keeper.keep(h, made);
                return made;
            });
        });
        Answer<Order> again = order("k6", "{}", () -> new Order("o10", 1));

        assertThat(again.value()).isEqualTo(first.value()).isEqualTo(new Order("o9", 1));
        assertThat(runs).hasValue(1);
    }

    private static long things(org.jdbi.v3.core.Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM thing").mapTo(Long.class).one();
    }

    @Test
    void anActionThatFailsAfterItsAnswerWasKeptGivesTheKeptAnswerAsARetryWould() {
        thingTable();
        Order made = new Order("o11", 1100);
        Answer<Order> first = order("k7", "{}", () -> {
            var keep = Idempotency.keptWith(made);
            db.useTransaction(h -> {
                h.execute("INSERT INTO thing (id) VALUES ('o11')");
                keep.accept(h);
            });
            throw new ContentpayException(ErrorCode.SETTLEMENT_UNAVAILABLE);
        });
        Answer<Order> again = order("k7", "{}", () -> new Order("o12", 1));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.value()).isEqualTo(made);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(runs).hasValue(1);
    }

    @Test
    void anAnswerKeptInATransactionThatRolledBackIsNotKeptAndTheRefusalIs() {
        thingTable();
        Order made = new Order("o13", 1300);
        Answer<Order> first = order("k8", "{}", () -> {
            var keep = Idempotency.keptWith(made);
            db.useTransaction(h -> {
                h.execute("INSERT INTO thing (id) VALUES ('o13')");
                keep.accept(h);
                throw new ContentpayException(ErrorCode.LIMIT_EXCEEDED);
            });
            return made;
        });
        Answer<Order> again = order("k8", "{}", () -> new Order("o14", 1));

        assertThat(first.isProblem()).isTrue();
        assertThat(again.problem().errorCode()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(things()).isZero();
        assertThat(runs).hasValue(1);
    }

    @Test
    void outsideAnIdempotentRequestAKeptAnswerWritesNothing() {
        thingTable();
        var keep = Idempotency.keptWith(new Order("o15", 1));
        db.useTransaction(keep);
        assertThat(TestDatabases.rows(url, "SELECT COUNT(*) FROM idempotency_entry")).containsExactly(List.of("0"));
    }
}
