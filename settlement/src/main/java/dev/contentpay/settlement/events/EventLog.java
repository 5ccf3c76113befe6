package dev.contentpay.settlement.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.contentpay.platform.crypto.ClientAssertions;
import dev.contentpay.platform.crypto.TokenSigner;
import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ordered, signed event feed a merchant's back office reads ([SYSTEM.md §6]): every event is
 * appended inside the transaction of the fact it records, numbered gaplessly in commit order, and
 * signed with settlement's key. Each signed event also carries the SHA-256 of the previous event's
 * signature ({@code prev}), so a reader can prove it missed nothing between two events it holds.
 * There is no time window: the feed can be read from any cursor, from the first event on.
 */
public final class EventLog {

    public static final String TOKEN_TYPE = "settlement-event+jwt";
    public static final int MAX_PAGE = 1000;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Database db;
    private final TokenSigner signer;
    private final String issuer;

    /** {@code issuer} is the merchant id: the {@code iss} of every signed event. */
    public EventLog(Database db, TokenSigner signer, String issuer) {
        this.db = db;
        this.signer = signer;
        this.issuer = issuer;
    }

    /**
     * Appends an event in the caller's transaction. The counter row's update is the first write, so
     * concurrent writers of events queue here and commit in the order of their numbers.
     */
    public long append(Handle h, EventType type, String subject, Instant at, Map<String, Object> data) {
        h.createUpdate("UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1").execute();
        long seq = h.createQuery("SELECT last_seq FROM event_counter WHERE id = 1").mapTo(Long.class).one();
        String previous = seq == 1 ? null : h.createQuery("SELECT jws FROM event WHERE seq = :seq")
                .bind("seq", seq - 1).mapTo(String.class).findOne().orElse(null);
        String id = Ids.random("evt");
        String jws = sign(seq, id, type, subject, at, data, previous);
        h.createUpdate("INSERT INTO event (seq, id, type, subject, occurred_at, data, jws) "
                        + "VALUES (:seq, :id, :type, :subject, :at, :data, :jws)")
                .bind("seq", seq).bind("id", id).bind("type", type.wireName()).bind("subject", subject)
                .bind("at", at.toEpochMilli()).bind("data", Json.writeString(data)).bind("jws", jws)
                .execute();
        return seq;
    }

    /** Events after {@code after} (0 for the first), at most {@code limit} of them. */
    public EventPage read(long after, int limit) {
        int n = Math.max(1, Math.min(limit, MAX_PAGE));
        List<Event> rows = db.withHandle(h -> h.createQuery("SELECT seq, id, type, subject, occurred_at, data, jws FROM event "
                        + "WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", after).bind("limit", n + 1)
                .map((rs, ctx) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), parse(rs.getString(6)), rs.getString(7)))
                .list());
        boolean more = rows.size() > n;
        List<Event> page = more ? rows.subList(0, n) : rows;
        long next = page.isEmpty() ? after : page.getLast().seq();
        return new EventPage(List.copyOf(page), Long.toString(next), more);
    }

    /** The SHA-256 of a signed event, as the next event's {@code prev} claim holds it. */
    public static String chainHash(String jws) {
        return ClientAssertions.bodyHash(jws.getBytes(StandardCharsets.US_ASCII));
    }

    /** A money amount as event data holds it: {@code {"amount": 100, "currency": "JPY"}}. */
    public static Map<String, Object> money(Money m) {
        var map = new LinkedHashMap<String, Object>();
        map.put("amount", m.amount());
        map.put("currency", m.currency());
        return map;
    }

    private String sign(long seq, String id, EventType type, String subject, Instant at, Map<String, Object> data, String previous) {
        // No expiry: an event is a statement of what happened, true for ever.
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer).jwtID(id).subject(subject).issueTime(Date.from(at))
                .claim("seq", seq).claim("type", type.wireName()).claim("data", data)
                .claim("prev", previous == null ? null : chainHash(previous))
                .build();
        return signer.sign(TOKEN_TYPE, claims);
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("an event's stored data is not JSON", e);
        }
    }
}
