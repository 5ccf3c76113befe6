package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.platform.time.BillingZone;
import dev.contentpay.settlement.events.EventLog;
import dev.contentpay.settlement.events.EventType;
import dev.contentpay.settlement.notice.JdbiOutboxStore;
import dev.contentpay.settlement.notice.OutboxMessage;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SettlementStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiSettlementStore implements SettlementStore {

    private static final String SETTLEMENT_COLUMNS = "id, approval_id, allowance_id, order_id, item_id, title, quantity, "
            + "amount, currency, pseudonym, media_type, content_size, content_sha256, settled_at, allowance_token, tax_rate";

    private final Database db;
    private final EventLog events;

    public JdbiSettlementStore(Database db, EventLog events) {
        this.db = db;
        this.events = events;
    }

    @Override
    public void settle(Settlement settlement, DownloadGrant grant, java.util.function.Consumer<org.jdbi.v3.core.Handle> alsoInTransaction) {
        try {
            db.useTransaction(h -> {
                // The outcome first: it is the row a give-up for the same approval competes for.
                insertOutcome(h, settlement.approvalId(), Outcome.SETTLED, null, settlement.orderId(), settlement.amount(), settlement.settledAt());
                insertSettlement(h, settlement);
                Ledger.post(h, Journal.settlement(settlement.id(), settlement.amount(), settlement.settledAt()));
                JdbiOutboxStore.enqueue(h, OutboxMessage.Kind.NOTICE, settlement.allowanceId(), settlement.id(), null, settlement.settledAt());
                insertGrant(h, grant);
                events.append(h, EventType.SETTLED, settlement.id(), settlement.settledAt(), settledData(settlement));
                alsoInTransaction.accept(h);
            });
        } catch (RuntimeException e) {
            // The unique constraints are the last guard of "one approval, at most one outcome":
            // whatever slipped past the earlier checks (a race, a misbehaving issuer) ends here.
            if (isUniqueViolation(e)) {
                throw new ContentpayException(ErrorCode.APPROVAL_ALREADY_USED, "This approval has already been settled or given up.", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Settlement> find(String settlementId) {
        return db.withHandle(h -> Sql.query(h, "SELECT " + SETTLEMENT_COLUMNS + " FROM settlement WHERE id = :id")
                .bind("id", settlementId)
                .map(rs -> settlementOf(rs))
                .findOne());
    }

    @Override
    public boolean isSettled(String approvalId) {
        return db.withHandle(h -> Sql.query(h, "SELECT COUNT(*) FROM settlement WHERE approval_id = :approval")
                .bind("approval", approvalId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public Optional<Settlement> findByAllowance(String allowanceId) {
        return db.withHandle(h -> Sql.query(h, "SELECT " + SETTLEMENT_COLUMNS + " FROM settlement WHERE allowance_id = :allowance")
                .bind("allowance", allowanceId)
                .map(rs -> settlementOf(rs))
                .findOne());
    }

    @Override
    public List<Settlement> onDay(LocalDate day, BillingZone zone) {
        long from = zone.startOf(day);
        long to = zone.endOf(day);
        return db.withHandle(h -> Sql.query(h, "SELECT " + SETTLEMENT_COLUMNS + " FROM settlement "
                        + "WHERE settled_at >= :from AND settled_at < :to ORDER BY settled_at, id")
                .bind("from", from).bind("to", to)
                .map(rs -> settlementOf(rs))
                .list());
    }

    @Override
    public void renewGrants(List<DownloadGrant> grants) {
        if (grants.isEmpty()) return;
        db.useTransaction(h -> {
            for (DownloadGrant grant : grants) {
                Sql.update(h, "UPDATE download_grant SET token_sha256 = :hash, expires_at = :expires, created_at = :issued "
                                + "WHERE settlement_id = :settlement")
                        .bind("settlement", grant.settlementId()).bind("hash", grant.tokenSha256())
                        .bind("expires", grant.expiresAt().toEpochMilli()).bind("issued", grant.issuedAt().toEpochMilli())
                        .execute();
            }
        });
    }

    @Override
    public List<Settlement> ofBuyer(String pseudonym, int limit) {
        return db.withHandle(h -> Sql.query(h, "SELECT " + SETTLEMENT_COLUMNS + " FROM settlement "
                        + "WHERE pseudonym = :pseudonym ORDER BY settled_at DESC, id DESC LIMIT :limit")
                .bind("pseudonym", pseudonym).bind("limit", limit)
                .map(rs -> settlementOf(rs))
                .list());
    }

    @Override
    public Optional<DownloadGrant> grant(String settlementId) {
        return db.withHandle(h -> Sql.query(h, "SELECT settlement_id, token_sha256, expires_at, created_at FROM download_grant WHERE settlement_id = :id")
                .bind("id", settlementId)
                .map(rs -> new DownloadGrant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4))))
                .findOne());
    }

    @Override
    public void recordRefusal(String orderId, String approvalId, ErrorCode code, Instant at) {
        db.useTransaction(h -> Sql.update(h, "INSERT INTO refusal (id, order_id, approval_id, code, refused_at) "
                        + "VALUES (:id, :order, :approval, :code, :at)")
                .bind("id", Ids.random("ref")).bind("order", orderId).bind("approval", approvalId)
                .bind("code", code.code()).bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public void beginPresentation(String approvalId, String orderId, Money amount, Instant at) {
        db.useTransaction(h -> Sql.update(h, "INSERT INTO presentation (approval_id, order_id, amount, currency, first_presented_at) "
                        + "VALUES (:approval, :order, :amount, :currency, :at) ON CONFLICT (approval_id) DO NOTHING")
                .bind("approval", approvalId).bind("order", orderId).bind("amount", amount.amount())
                .bind("currency", amount.currency()).bind("at", at.toEpochMilli())
                .execute());
    }

    @Override
    public Optional<Outcome> outcome(String approvalId) {
        return db.withHandle(h -> Sql.query(h, "SELECT outcome FROM approval_outcome WHERE approval_id = :approval")
                .bind("approval", approvalId).mapTo(String.class).findOne().map(Outcome::valueOf));
    }

    @Override
    public boolean abandon(String approvalId, String orderId, Money amount, String reason, Instant at) {
        return db.inTransaction(h -> {
            if (!insertOutcome(h, approvalId, Outcome.ABANDONED, reason, orderId, amount, at)) return false;
            JdbiOutboxStore.enqueue(h, OutboxMessage.Kind.VOID, approvalId, null, null, at);
            var data = new LinkedHashMap<String, Object>();
            data.put("approvalId", approvalId);
            data.put("orderId", orderId);
            data.put("amount", EventLog.money(amount));
            data.put("reason", reason);
            events.append(h, EventType.TIMED_OUT, approvalId, at, data);
            return true;
        });
    }

    @Override
    public void recordRefused(String approvalId, ErrorCode code) {
        db.useTransaction(h -> Sql.update(h, "UPDATE presentation SET refused_code = :code WHERE approval_id = :approval AND refused_code IS NULL")
                .bind("code", code.code()).bind("approval", approvalId).execute());
    }

    @Override
    public List<Unfinished> unfinished(Instant from, Instant cutoff, int limit) {
        return db.withHandle(h -> Sql.query(h, "SELECT p.approval_id, p.order_id, p.amount, p.currency, p.first_presented_at "
                        + "FROM presentation p LEFT JOIN approval_outcome o ON o.approval_id = p.approval_id "
                        + "WHERE o.approval_id IS NULL AND p.refused_code IS NULL "
                        + "AND p.first_presented_at >= :from AND p.first_presented_at < :cutoff "
                        + "ORDER BY p.first_presented_at LIMIT :limit")
                .bind("from", from.toEpochMilli()).bind("cutoff", cutoff.toEpochMilli()).bind("limit", limit)
                .map(rs -> new Unfinished(rs.getString(1), rs.getString(2), Money.of(rs.getLong(3), rs.getString(4)),
                        Instant.ofEpochMilli(rs.getLong(5))))
                .list());
    }

    /**
     * Inserts an approval's outcome unless it has one; true when this call decided it. The
     * statement never fails on a duplicate, so on PostgreSQL the transaction stays usable.
     */
    private static boolean insertOutcome(Handle h, String approvalId, Outcome outcome, String reason, String orderId, Money amount, Instant at) {
        String conflict = outcome == Outcome.SETTLED ? "" : " ON CONFLICT (approval_id) DO NOTHING";
        return Sql.update(h, "INSERT INTO approval_outcome (approval_id, outcome, reason, order_id, amount, currency, decided_at) "
                        + "VALUES (:approval, :outcome, :reason, :order, :amount, :currency, :at)" + conflict)
                .bind("approval", approvalId).bind("outcome", outcome.name()).bind("reason", reason).bind("order", orderId)
                .bind("amount", amount.amount()).bind("currency", amount.currency()).bind("at", at.toEpochMilli())
                .execute() == 1;
    }

    private static void insertSettlement(Handle h, Settlement s) {
        Sql.update(h, "INSERT INTO settlement (" + SETTLEMENT_COLUMNS + ") VALUES (:id, :approval, :allowance, :order, :item, "
                        + ":title, :quantity, :amount, :currency, :pseudonym, :mediaType, :size, :sha, :settledAt, :allowanceToken, :taxRate)")
                .bind("taxRate", s.taxRate())
                .bind("id", s.id()).bind("approval", s.approvalId()).bind("allowance", s.allowanceId())
                .bind("order", s.orderId()).bind("item", s.itemId()).bind("title", s.title())
                .bind("quantity", s.quantity()).bind("amount", s.amount().amount()).bind("currency", s.amount().currency())
                .bind("pseudonym", s.pseudonym()).bind("mediaType", s.mediaType()).bind("size", s.contentSize())
                .bind("sha", s.contentSha256()).bind("settledAt", s.settledAt().toEpochMilli())
                .bind("allowanceToken", s.allowanceToken())
                .execute();
    }

    private static void insertGrant(Handle h, DownloadGrant grant) {
        Sql.update(h, "INSERT INTO download_grant (settlement_id, token_sha256, expires_at, created_at) "
                        + "VALUES (:settlement, :hash, :expires, :now)")
                .bind("settlement", grant.settlementId()).bind("hash", grant.tokenSha256())
                .bind("expires", grant.expiresAt().toEpochMilli()).bind("now", grant.issuedAt().toEpochMilli())
                .execute();
    }

    private static Map<String, Object> settledData(Settlement s) {
        var data = new LinkedHashMap<String, Object>();
        data.put("settlementId", s.id());
        data.put("approvalId", s.approvalId());
        data.put("allowanceId", s.allowanceId());
        data.put("orderId", s.orderId());
        data.put("itemId", s.itemId());
        data.put("amount", EventLog.money(s.amount()));
        data.put("pseudonym", s.pseudonym());
        data.put("settledAt", s.settledAt().toString());
        return data;
    }

    static Settlement settlementOf(ResultSet rs) throws SQLException {
        return new Settlement(rs.getString("id"), rs.getString("approval_id"), rs.getString("allowance_id"),
                rs.getString("order_id"), rs.getString("item_id"), rs.getString("title"), rs.getInt("quantity"),
                Money.of(rs.getLong("amount"), rs.getString("currency")), rs.getString("pseudonym"),
                rs.getString("media_type"), rs.getLong("content_size"), rs.getString("content_sha256"),
                Instant.ofEpochMilli(rs.getLong("settled_at")), rs.getString("allowance_token"), taxRate(rs));
    }

    /** A row's tax rate: standard when it predates the column. */
    private static int taxRate(ResultSet rs) throws SQLException {
        int rate = rs.getInt("tax_rate");
        return rs.wasNull() ? dev.contentpay.platform.money.ConsumptionTax.STANDARD : rate;
    }

    /** PostgreSQL reports SQLState 23505; SQLite's driver reports SQLITE_CONSTRAINT_UNIQUE in its message. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) return true;
                String message = String.valueOf(sql.getMessage());
                if (message.contains("UNIQUE constraint failed") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
                        || message.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                    return true;
                }
            }
        }
        return false;
    }
}
