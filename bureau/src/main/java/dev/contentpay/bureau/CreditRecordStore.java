package dev.contentpay.bureau;

import dev.contentpay.protocol.CreditReport;

import java.util.Optional;

/** The bureau's credit records, one per subscriber reference. */
public interface CreditRecordStore {

    Optional<CreditReport> find(String reference);

    /** Adds a record unless one exists under that reference; demo loading calls it on every start. */
    void addIfAbsent(CreditReport record);
}
