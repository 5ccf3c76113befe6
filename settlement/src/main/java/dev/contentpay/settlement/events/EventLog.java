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
        h.createUpdate("UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1").execute();
        long seq = h.createQuery("SELECT last_seq FROM event_counter WHERE id = 1").mapTo(Long.class).one();
        String previous = seq == 1 ? null : chainAt(h, seq - 1);
        String id = Ids.random("evt");
        String payload = payload(seq, id, type, subject, at, data, previous);
        h.createUpdate("INSERT INTO event (seq, id, type, subject, occurred_at, data, payload, chain) "
                        + "VALUES (:seq, :id, :type, :subject, :at, :data, :payload, :chain)")
                .bind("seq", seq).bind("id", id).bind("type", type.wireName()).bind("subject", subject)
                .bind("at", at.toEpochMilli()).bind("data", Json.writeString(data)).bind("payload", payload)
                .bind("chain", chainHash(payload))
                .execute();
        return seq;
    }

    /** The chain's value after event {@code seq}: its stored {@code chain}, or the hash of its signature for an event signed alone. */
    static String chainAt(Handle h, long seq) {
        return h.createQuery("SELECT chain, jws FROM event WHERE seq = :seq").bind("seq", seq)
                .map((rs, ctx) -> rs.getString(1) != null ? rs.getString(1) : chainHash(rs.getString(2)))
                .findOne().orElseThrow(() -> new IllegalStateException("event " + seq + " is missing from the chain"));
    }

    /** The newest event's number and the chain's value after it. */
    record Head(long seq, String chain) {
    }

    /** The newest event, unless a checkpoint already covers it. */
    static Optional<Head> unsignedHead(Handle h) {
        long newest = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM event").mapTo(Long.class).one();
        long signed = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM event_checkpoint").mapTo(Long.class).one();
        return newest > signed ? Optional.of(new Head(newest, chainAt(h, newest))) : Optional.empty();
    }

    /** Keeps a signed checkpoint of the chain; when another instance kept one for the same event first, that one stays. */
    static void keepCheckpoint(Handle h, Head head, String jws, long signedAt) {
        h.createUpdate("INSERT INTO event_checkpoint (seq, chain, jws, signed_at) VALUES (:seq, :chain, :jws, :at) "
                        + "ON CONFLICT (seq) DO NOTHING")
                .bind("seq", head.seq()).bind("chain", head.chain()).bind("jws", jws).bind("at", signedAt).execute();
    }

    /** Events after {@code after} (0 for the first), at most {@code limit} of them. */
    public EventPage read(long after, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_PAGE));
        return db.withHandle(h -> {
            List<Event> rows = h.createQuery("SELECT seq, id, type, subject, occurred_at, data, jws, payload, chain FROM event "
                            + "WHERE seq > :after ORDER BY seq LIMIT :limit")
                    .bind("after", after).bind("limit", n + 1)
                    .map((rs, ctx) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), parse(rs.getString(6)), rs.getString(7), rs.getString(8), rs.getString(9)))
                    .list();
            boolean more = rows.size() > n;
            List<Event> page = more ? rows.subList(0, n) : rows;
            long next = page.isEmpty() ? after : page.getLast().seq();
            String checkpoint = page.isEmpty() ? null : h.createQuery("SELECT jws FROM event_checkpoint WHERE seq >= :first AND seq <= :last "
                            + "ORDER BY seq DESC LIMIT 1")
                    .bind("first", page.getFirst().seq()).bind("last", page.getLast().seq()).mapTo(String.class).findOne().orElse(null);
            return new EventPage(List.copyOf(page), Long.toString(next), more, checkpoint);
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
