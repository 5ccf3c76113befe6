package dev.contentpay.auth.approval;

import dev.contentpay.platform.db.Sql;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.DailyTotals;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link ApprovalStore} on SQLite or PostgreSQL through Jdbi; it holds no state, so one instance serves every thread. */
public final class JdbiApprovalStore implements ApprovalStore {

    private static final String COLUMNS = """
            id, subscriber_id, merchant_id, pseudonym, order_id, item_id, title, amount, currency, period, status,
            issued_at, expires_at, judged_at, judge_key, verdict_code, allowance_id, notify_by, charged_at, settlement_id, tax_rate""";

    @Override
    public boolean insert(Handle h, Approval a, String tokenSha256) {
        return Sql.update(h, """
                        INSERT INTO approval (id, subscriber_id, merchant_id, pseudonym, order_id, item_id, title, amount, currency,
                                              period, status, issued_at, expires_at, token_sha256, tax_rate)
                        VALUES (:id, :subscriber, :merchant, :pseudonym, :order, :item, :title, :amount, :currency,
                                :period, :status, :issued, :expires, :token, :taxRate)
                        ON CONFLICT (merchant_id, order_id) DO NOTHING""")
                .bind("taxRate", a.taxRate())
                .bind("token", tokenSha256)
                .bind("id", a.id()).bind("subscriber", a.subscriberId()).bind("merchant", a.merchantId())
                .bind("pseudonym", a.pseudonym()).bind("order", a.orderId()).bind("item", a.itemId()).bind("title", a.title())
                .bind("amount", a.amount().amount()).bind("currency", a.amount().currency()).bind("period", a.period())
                .bind("status", a.status().name()).bind("issued", a.issuedAt().toEpochMilli()).bind("expires", a.expiresAt().toEpochMilli())
                .execute() == 1;
    }

    @Override
    public Optional<Recorded> recorded(Handle h, String id) {
        return Sql.query(h, "SELECT token_sha256, pseudonym, item_id, status FROM approval WHERE id = :id AND token_sha256 IS NOT NULL")
                .bind("id", id)
                .map(rs -> new Recorded(rs.getString(1), rs.getString(2), rs.getString(3), Approval.Status.ISSUED.name().equals(rs.getString(4))))
                .findOne();
    }

    @Override
    public Optional<Approval> find(Handle h, String id) {
        return Sql.query(h, "SELECT " + COLUMNS + " FROM approval WHERE id = :id").bind("id", id).map(rs -> map(rs)).findOne();
    }

    @Override
    public Optional<ToJudge> findToJudge(Handle h, String id) {
        return Sql.query(h, "SELECT " + COLUMNS + ", (SELECT s.status FROM subscriber s WHERE s.id = approval.subscriber_id) AS subscriber_status"
                        + " FROM approval WHERE id = :id")
                .bind("id", id).map(rs -> new ToJudge(map(rs), "ACTIVE".equals(rs.getString("subscriber_status")))).findOne();
    }

    @Override
    public Optional<Approval> findByAllowance(Handle h, String allowanceId) {
        return Sql.query(h, "SELECT " + COLUMNS + " FROM approval WHERE allowance_id = :id").bind("id", allowanceId).map(rs -> map(rs)).findOne();
    }

    @Override
    public List<Approval> ofSubscriber(Handle h, String subscriberId, int limit) {
        return Sql.query(h, "SELECT " + COLUMNS + " FROM approval WHERE subscriber_id = :s ORDER BY issued_at DESC, id LIMIT :limit")
                .bind("s", subscriberId).bind("limit", limit).map(rs -> map(rs)).list();
    }

    @Override
    public boolean allow(Handle h, String id, String merchantId, String orderId, Money amount, Instant now,
                                String judgeKey, String allowanceId, Instant notifyBy) {
        return Sql.update(h, """
                        UPDATE approval SET status = 'ALLOWED', judged_at = :now, judge_key = :key, allowance_id = :allowance,
                                            notify_by = :notifyBy, verdict_code = 'allowed'
                         WHERE id = :id AND status = 'ISSUED' AND expires_at > :now
                           AND merchant_id = :merchant AND order_id = :order AND amount = :amount AND currency = :currency""")
                .bind("id", id).bind("merchant", merchantId).bind("order", orderId).bind("amount", amount.amount())
                .bind("currency", amount.currency()).bind("now", now.toEpochMilli()).bind("key", judgeKey)
                .bind("allowance", allowanceId).bind("notifyBy", notifyBy.toEpochMilli())
                .execute() == 1;
    }

    @Override
    public void refuse(Handle h, String id, Approval.Status status, String code, Instant now) {
        Sql.update(h, "UPDATE approval SET status = :status, verdict_code = :code, judged_at = :now WHERE id = :id AND status = 'ISSUED'")
                .bind("id", id).bind("status", status.name()).bind("code", code).bind("now", now.toEpochMilli()).execute();
    }

    @Override
    public boolean charge(Handle h, String allowanceId, String settlementId, Instant now) {
        return Sql.update(h, """
                        UPDATE approval SET status = 'CHARGED', charged_at = :now, settlement_id = :settlement
                         WHERE allowance_id = :allowance AND status = 'ALLOWED'""")
                .bind("allowance", allowanceId).bind("settlement", settlementId).bind("now", now.toEpochMilli()).execute() == 1;
    }

    @Override
    public void addUseEntry(Handle h, Approval a, String kind, long amount, Instant recordedAt, Instant occurredAt, String refundId) {
        insertUseEntry(h, a, kind, amount, recordedAt, occurredAt, refundId, "");
    }

    @Override
    public boolean addRefundEntry(Handle h, Approval a, long amount, Instant recordedAt, Instant occurredAt, String refundId) {
        return insertUseEntry(h, a, "REFUND", amount, recordedAt, occurredAt, refundId, " ON CONFLICT DO NOTHING") == 1;
    }

    private static int insertUseEntry(Handle h, Approval a, String kind, long amount, Instant recordedAt, Instant occurredAt,
                                      String refundId, String onConflict) {
        return Sql.update(h, """
                        INSERT INTO use_entry (id, subscriber_id, approval_id, merchant_id, kind, amount, currency, period,
                                               settlement_id, recorded_at, occurred_at, refund_id)
                        VALUES (:id, :s, :a, :m, :kind, :amount, :currency, :period, :settlement, :now, :occurred, :refund)""" + onConflict)
                .bind("id", dev.contentpay.platform.id.Ids.random("use")).bind("s", a.subscriberId()).bind("a", a.id())
                .bind("m", a.merchantId()).bind("kind", kind).bind("amount", amount)
                .bind("currency", a.amount().currency()).bind("period", a.period()).bind("settlement", a.settlementId())
                .bind("now", recordedAt.toEpochMilli()).bind("occurred", occurredAt.toEpochMilli()).bind("refund", refundId)
                .execute();
    }

    @Override
    public Optional<RefundEntry> refundEntry(Handle h, String merchantId, String refundId) {
        return Sql.query(h, "SELECT approval_id, amount, currency FROM use_entry WHERE merchant_id = :m AND refund_id = :r AND kind = 'REFUND'")
                .bind("m", merchantId).bind("r", refundId)
                .map(rs -> new RefundEntry(rs.getString(1), Money.of(rs.getLong(2), rs.getString(3)))).findOne();
    }

    @Override
    public boolean refund(Handle h, String id, long amount) {
        return Sql.update(h, """
                        UPDATE approval SET refunded = refunded + :amount,
                                            status = CASE WHEN refunded + :amount = amount THEN 'REFUNDED' ELSE status END
                         WHERE id = :id AND status = 'CHARGED' AND refunded + :amount <= amount""")
                .bind("id", id).bind("amount", amount).execute() == 1;
    }

    @Override
    public long refunded(Handle h, String id) {
        return Sql.query(h, "SELECT refunded FROM approval WHERE id = :id").bind("id", id).mapTo(Long.class).one();
    }

    /** An approval's use entries of one kind, found through use_entry_once (approval, kind, refund id). */
    static final String USE_ENTRY_SUM = "SELECT COALESCE(SUM(amount), 0) FROM use_entry WHERE approval_id = :a AND kind = :kind";
    static final String USE_ENTRY_AMOUNT = "SELECT amount FROM use_entry WHERE approval_id = :a AND kind = :kind";

    @Override
    public long useEntrySum(Handle h, String approvalId, String kind) {
        return Sql.query(h, USE_ENTRY_SUM)
                .bind("a", approvalId).bind("kind", kind).mapTo(Long.class).one();
    }

    @Override
    public java.util.OptionalLong useEntryAmount(Handle h, String approvalId, String kind) {
        return Sql.query(h, USE_ENTRY_AMOUNT).bind("a", approvalId).bind("kind", kind)
                .mapTo(Long.class).findOne().map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty());
    }

    @Override
    public boolean transition(Handle h, String id, Approval.Status from, Approval.Status to, String verdictCode) {
        return Sql.update(h, "UPDATE approval SET status = :to, verdict_code = COALESCE(:code, verdict_code) WHERE id = :id AND status = :from")
                .bind("id", id).bind("from", from.name()).bind("to", to.name()).bind("code", verdictCode).execute() == 1;
    }

    @Override
    public List<UseLine> useLinesOf(Handle h, String subscriberId, long from, long to) {
        return Sql.query(h, """
                        SELECT u.recorded_at, u.kind, u.approval_id, u.merchant_id, a.item_id, a.title, u.amount, u.currency, a.tax_rate
                          FROM use_entry u JOIN approval a ON a.id = u.approval_id
                         WHERE u.subscriber_id = :s AND u.recorded_at >= :from AND u.recorded_at < :to
                         ORDER BY u.recorded_at, CASE WHEN u.kind LIKE 'POINTS%' THEN 1 ELSE 0 END, u.id""")
                .bind("s", subscriberId).bind("from", from).bind("to", to)
                .map(rs -> new UseLine(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Money.of(rs.getLong(7), rs.getString(8)), taxRate(rs, "tax_rate")))
                .list();
    }

    @Override
    public List<DailyTotals.Entry> chargesAndRefunds(Handle h, String merchantId, long from, long to) {
        return Sql.query(h, """
                        SELECT u.kind, a.allowance_id, u.settlement_id, u.refund_id, u.amount, u.currency, u.occurred_at
                          FROM use_entry u JOIN approval a ON a.id = u.approval_id
                         WHERE u.merchant_id = :m AND u.kind IN ('CHARGE', 'REFUND') AND u.occurred_at >= :from AND u.occurred_at < :to
                         ORDER BY u.occurred_at, u.id""")
                .bind("m", merchantId).bind("from", from).bind("to", to)
                .map(rs -> new DailyTotals.Entry(rs.getString(1).toLowerCase(), rs.getString(2), rs.getString(3), rs.getString(4),
                        Money.of(rs.getLong(5), rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7))))
                .list();
    }

    @Override
    public List<String> dueToExpire(Handle h, Instant now, int limit) {
        return due(h, Approval.Status.ISSUED, "expires_at", now, limit);
    }

    @Override
    public List<String> dueForNotice(Handle h, Instant now, int limit) {
        return due(h, Approval.Status.ALLOWED, "notify_by", now, limit);
    }

    @Override
    public void refuseAllowed(Handle h, String id, String code) {
        Sql.update(h, "UPDATE approval SET status = 'REFUSED', verdict_code = :code, allowance_id = NULL, notify_by = NULL WHERE id = :id")
                .bind("code", code).bind("id", id).execute();
    }

    @Override
    public void unvoid(Handle h, String id) {
        Sql.update(h, "UPDATE approval SET status = 'ALLOWED' WHERE id = :id AND status = 'VOIDED'").bind("id", id).execute();
    }

    private static List<String> due(Handle h, Approval.Status status, String timeColumn, Instant now, int limit) {
        return Sql.query(h, dueQuery(status, timeColumn)).bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(String.class).list();
    }

    /**
     * The sweeper's statement for approvals in {@code status} whose {@code timeColumn} has passed. The
     * status is part of the text, not a bound value: only then can the database tell, when it plans
     * the statement, that the partial index of that status (approval_due_expiry, approval_due_notice)
     * holds every row it asks for.
     */
    static String dueQuery(Approval.Status status, String timeColumn) {
        return "SELECT id FROM approval WHERE status = '" + status.name() + "' AND " + timeColumn + " <= :now ORDER BY " + timeColumn + " LIMIT :limit";
    }

    /** A row's tax rate: standard when it predates the column. */
    private static int taxRate(ResultSet rs, String column) throws SQLException {
        int rate = rs.getInt(column);
        return rs.wasNull() ? dev.contentpay.platform.money.ConsumptionTax.STANDARD : rate;
    }

    private static Approval map(ResultSet rs) throws SQLException {
        return new Approval(rs.getString("id"), rs.getString("subscriber_id"), rs.getString("merchant_id"), rs.getString("pseudonym"),
                rs.getString("order_id"), rs.getString("item_id"), rs.getString("title"),
                Money.of(rs.getLong("amount"), rs.getString("currency")), rs.getString("period"),
                Approval.Status.valueOf(rs.getString("status")), instant(rs, "issued_at"), instant(rs, "expires_at"),
                instant(rs, "judged_at"), rs.getString("judge_key"), rs.getString("verdict_code"), rs.getString("allowance_id"),
                instant(rs, "notify_by"), instant(rs, "charged_at"), rs.getString("settlement_id"), taxRate(rs, "tax_rate"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
