package dev.contentpay.settlement.ledger;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.id.Ids;
import dev.contentpay.platform.money.Money;
import dev.contentpay.settlement.notice.JdbcNoticeStore;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** {@link SettlementStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbcSettlementStore implements SettlementStore {

    /** The issuer owes us the price until its money arrives: an asset, so it is debited. */
    static final String ISSUER_RECEIVABLE = "issuer_receivable";
    /** What we earned by selling the content: credited by the same amount. */
    static final String REVENUE = "revenue";

    private static final String SETTLEMENT_COLUMNS = "id, approval_id, allowance_id, order_id, item_id, title, quantity, "
            + "amount, currency, pseudonym, media_type, content_size, content_sha256, settled_at";

    private final Database db;

    public JdbcSettlementStore(Database db) {
        this.db = db;
    }

    @Override
    public void settle(Settlement settlement, DownloadGrant grant) {
        try {
            db.useTransaction(h -> {
                insertSettlement(h, settlement);
                post(h, settlement, ISSUER_RECEIVABLE, "DEBIT");
                post(h, settlement, REVENUE, "CREDIT");
                JdbcNoticeStore.enqueue(h, settlement.allowanceId(), settlement.id(), settlement.amount(), settlement.settledAt());
                insertGrant(h, grant, settlement.settledAt());
            });
        } catch (RuntimeException e) {
            // The unique constraints are the last guard of "one approval, at most one settlement":
            // whatever slipped past the earlier checks (a race, a misbehaving issuer) ends here.
            if (isUniqueViolation(e)) {
                throw new ContentpayException(ErrorCode.APPROVAL_ALREADY_USED, "This approval has already been settled.", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Settlement> find(String settlementId) {
        return db.withHandle(h -> h.createQuery("SELECT " + SETTLEMENT_COLUMNS + " FROM settlement WHERE id = :id")
                .bind("id", settlementId)
                .map((rs, ctx) -> settlementOf(rs))
                .findOne());
    }

    @Override
    public boolean isSettled(String approvalId) {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM settlement WHERE approval_id = :approval")
                .bind("approval", approvalId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public Optional<Settlement> findByAllowance(String allowanceId) {
        return db.withHandle(h -> h.createQuery("SELECT " + SETTLEMENT_COLUMNS + " FROM settlement WHERE allowance_id = :allowance")
                .bind("allowance", allowanceId)
                .map((rs, ctx) -> settlementOf(rs))
                .findOne());
    }

    @Override
    public void renewGrant(DownloadGrant grant) {
        db.useTransaction(h -> h.createUpdate("UPDATE download_grant SET token_sha256 = :hash, expires_at = :expires WHERE settlement_id = :settlement")
                .bind("settlement", grant.settlementId()).bind("hash", grant.tokenSha256())
                .bind("expires", grant.expiresAt().toEpochMilli())
                .execute());
    }

    @Override
    public Optional<DownloadGrant> grant(String settlementId) {
        return db.withHandle(h -> h.createQuery("SELECT settlement_id, token_sha256, expires_at FROM download_grant WHERE settlement_id = :id")
                .bind("id", settlementId)
                .map((rs, ctx) -> new DownloadGrant(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .findOne());
    }

    @Override
    public void recordRefusal(String orderId, String approvalId, ErrorCode code, Instant at) {
        db.useTransaction(h -> h.createUpdate("INSERT INTO refusal (id, order_id, approval_id, code, refused_at) "
                        + "VALUES (:id, :order, :approval, :code, :at)")
                .bind("id", Ids.random("ref")).bind("order", orderId).bind("approval", approvalId)
                .bind("code", code.code()).bind("at", at.toEpochMilli())
                .execute());
    }

    private static void insertSettlement(Handle h, Settlement s) {
        h.createUpdate("INSERT INTO settlement (" + SETTLEMENT_COLUMNS + ") VALUES (:id, :approval, :allowance, :order, :item, "
                        + ":title, :quantity, :amount, :currency, :pseudonym, :mediaType, :size, :sha, :settledAt)")
                .bind("id", s.id()).bind("approval", s.approvalId()).bind("allowance", s.allowanceId())
                .bind("order", s.orderId()).bind("item", s.itemId()).bind("title", s.title())
                .bind("quantity", s.quantity()).bind("amount", s.amount().amount()).bind("currency", s.amount().currency())
                .bind("pseudonym", s.pseudonym()).bind("mediaType", s.mediaType()).bind("size", s.contentSize())
                .bind("sha", s.contentSha256()).bind("settledAt", s.settledAt().toEpochMilli())
                .execute();
    }

    private static void post(Handle h, Settlement s, String account, String side) {
        h.createUpdate("INSERT INTO ledger_entry (id, settlement_id, account, side, amount, currency, posted_at) "
                        + "VALUES (:id, :settlement, :account, :side, :amount, :currency, :at)")
                .bind("id", Ids.random("ent")).bind("settlement", s.id()).bind("account", account).bind("side", side)
                .bind("amount", s.amount().amount()).bind("currency", s.amount().currency())
                .bind("at", s.settledAt().toEpochMilli())
                .execute();
    }

    private static void insertGrant(Handle h, DownloadGrant grant, Instant now) {
        h.createUpdate("INSERT INTO download_grant (settlement_id, token_sha256, expires_at, created_at) "
                        + "VALUES (:settlement, :hash, :expires, :now)")
                .bind("settlement", grant.settlementId()).bind("hash", grant.tokenSha256())
                .bind("expires", grant.expiresAt().toEpochMilli()).bind("now", now.toEpochMilli())
                .execute();
    }

    private static Settlement settlementOf(ResultSet rs) throws SQLException {
        return new Settlement(rs.getString("id"), rs.getString("approval_id"), rs.getString("allowance_id"),
                rs.getString("order_id"), rs.getString("item_id"), rs.getString("title"), rs.getInt("quantity"),
                Money.of(rs.getLong("amount"), rs.getString("currency")), rs.getString("pseudonym"),
                rs.getString("media_type"), rs.getLong("content_size"), rs.getString("content_sha256"),
                Instant.ofEpochMilli(rs.getLong("settled_at")));
    }

    /** PostgreSQL reports SQLState 23505; SQLite's driver reports SQLITE_CONSTRAINT_UNIQUE in its message. */
    static boolean isUniqueViolation(Throwable e) {
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
