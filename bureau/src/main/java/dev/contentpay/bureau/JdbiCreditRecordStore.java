package dev.contentpay.bureau;

import dev.contentpay.platform.db.Database;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.CreditReport;

import java.time.Instant;
import java.util.Optional;

/** {@link CreditRecordStore} on SQLite or PostgreSQL through Jdbi. */
public final class JdbiCreditRecordStore implements CreditRecordStore {

    private final Database db;

    public JdbiCreditRecordStore(Database db) {
        this.db = db;
    }

    @Override
    public Optional<CreditReport> find(String reference) {
        return db.withHandle(h -> h.createQuery("""
                        SELECT reference, score, delinquencies, outstanding_debt, currency, months_of_history, updated_at
                          FROM credit_record WHERE reference = :reference""")
                .bind("reference", reference)
                .map((rs, ctx) -> new CreditReport(rs.getString(1), rs.getInt(2), rs.getInt(3),
                        Money.of(rs.getLong(4), rs.getString(5)), rs.getInt(6), Instant.ofEpochMilli(rs.getLong(7))))
                .findOne());
    }

    @Override
    public void addIfAbsent(CreditReport record) {
        db.useTransaction(h -> h.createUpdate("""
                        INSERT INTO credit_record (reference, score, delinquencies, outstanding_debt, currency, months_of_history, updated_at)
                        VALUES (:reference, :score, :delinquencies, :debt, :currency, :months, :updated)
                        ON CONFLICT (reference) DO NOTHING""")
                .bind("reference", record.reference()).bind("score", record.score())
                .bind("delinquencies", record.delinquencies()).bind("debt", record.outstandingDebt().amount())
                .bind("currency", record.outstandingDebt().currency()).bind("months", record.monthsOfHistory())
                .bind("updated", record.reportedAt().toEpochMilli())
                .execute());
    }
}
