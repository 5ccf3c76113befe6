package dev.contentpay.settlement.events;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered event feed a merchant's back office reads ([SYSTEM.md §6]): every event is appended
 * inside the transaction of the fact it records and numbered gaplessly in commit order. Each event
 * carries its claims ({@code payload}: base64url JSON of {@code iss}, {@code jti}, {@code sub},
 * {@code iat}, {@code seq}, {@code type}, {@code data} and {@code prev}) and the hash chain's value
 * after it ({@code chain}: the base64url SHA-256 of the payload), {@code prev} being the chain's
 * value after the event before. Settlement signs the chain, not each event: {@link EventCheckpoints}
 * signs its value every fraction of a second, and a signed value vouches for every event up to it.
 * Events appended before that change carry their own signature ({@code jws}, whose hash is their
 * chain value). There is no time window: the feed can be read from any cursor, from the first event on.
 */
public final class EventLog {

    /** The {@code typ} of the events settlement signed one by one, before checkpoints. */
    public static final String TOKEN_TYPE = "settlement-event+jwt";
    public static final int MAX_PAGE = 1000;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** Stateless, so one serves every log and the checkpoints. */
    private static final EventStore STORE = new JdbiEventStore();

    private final Database db;
    private final String issuer;

    /** {@code issuer} is the merchant id: the {@code iss} of every event. */
    public EventLog(Database db, String issuer) {
        this.db = db;
        this.issuer = issuer;
    }

    /**
     * Appends an event in the caller's transaction. The counter row's update is the first write, so
     * concurrent writers of events queue here and commit in the order of their numbers.
     */
    public long append(Handle h, EventType type, String subject, Instant at, Map<String, Object> data) {
        long seq = STORE.nextSeq(h);
        String previous = seq == 1 ? null : STORE.chainAt(h, seq - 1);
        String id = Ids.random("evt");
        String payload = payload(seq, id, type, subject, at, data, previous);
        STORE.insert(h, new EventStore.Row(seq, id, type.wireName(), subject, at.toEpochMilli(), Json.writeString(data), payload, chainHash(payload)));
        return seq;
    }

    /** The newest event's number and the chain's value after it. */
    record Head(long seq, String chain) {
    }

    /** The newest event, unless a checkpoint already covers it. */
    static Optional<Head> unsignedHead(Handle h) {
        long newest = STORE.newestSeq(h);
        return newest > STORE.newestCheckpointSeq(h) ? Optional.of(new Head(newest, STORE.chainAt(h, newest))) : Optional.empty();
    }

    /** Keeps a signed checkpoint of the chain; when another instance kept one for the same event first, that one stays. */
    static void keepCheckpoint(Handle h, Head head, String jws, long signedAt) {
        STORE.keepCheckpoint(h, head.seq(), head.chain(), jws, signedAt);
    }

    /** Events after {@code after} (0 for the first), at most {@code limit} of them. */
    public EventPage read(long after, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_PAGE));
        return db.withHandle(h -> {
            List<EventStore.StoredEvent> rows = STORE.after(h, after, n + 1);
            boolean more = rows.size() > n;
            List<Event> page = (more ? rows.subList(0, n) : rows).stream()
                    .map(r -> new Event(r.seq(), r.id(), r.type(), r.subject(), Instant.ofEpochMilli(r.occurredAt()), parse(r.data()),
                            r.jws(), r.payload(), r.chain()))
                    .toList();
            long next = page.isEmpty() ? after : page.getLast().seq();
            String checkpoint = page.isEmpty() ? null : STORE.newestCheckpointBetween(h, page.getFirst().seq(), page.getLast().seq()).orElse(null);
            return new EventPage(page, Long.toString(next), more, checkpoint);
        });
    }

    /**
     * The chain's value after an event: the base64url SHA-256 of its {@code payload} (or, for an
     * event signed alone, of its {@code jws}), as the next event's {@code prev} claim holds it.
     */
    public static String chainHash(String payloadOrJws) {
        return ClientAssertions.bodyHash(payloadOrJws.getBytes(StandardCharsets.US_ASCII));
    }

    /** A money amount as event data holds it: {@code {"amount": 100, "currency": "JPY"}}. */
    public static Map<String, Object> money(Money m) {
        var map = new LinkedHashMap<String, Object>();
        map.put("amount", m.amount());
        map.put("currency", m.currency());
        return map;
    }

    /** The event's claims as the base64url of their JSON, in a fixed order; {@code prev} is left out on the first event. */
    private String payload(long seq, String id, EventType type, String subject, Instant at, Map<String, Object> data, String previous) {
        // No expiry: an event is a statement of what happened, true for ever.
        var claims = new LinkedHashMap<String, Object>();
        claims.put("iss", issuer);
        claims.put("jti", id);
        claims.put("sub", subject);
        claims.put("iat", at.getEpochSecond());
        claims.put("seq", seq);
        claims.put("type", type.wireName());
        claims.put("data", data);
        if (previous != null) claims.put("prev", previous);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(claims));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("an event's stored data is not JSON", e);
        }
    }
}
