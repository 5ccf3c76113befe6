package dev.contentpay.harness.chaos;

import dev.contentpay.harness.chaos.Buyer.Attempt;
import dev.contentpay.harness.chaos.Cluster.Server;
import dev.contentpay.platform.error.ErrorCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * SYSTEM.md §4, invariants 1 to 5, checked from what the servers stored (their SQLite files, read
 * directly) and what the buyers were told. Each broken invariant is named with the rows that
 * break it. Meant for a quiet system: {@link #unfinished} says what is still under way.
 */
final class Invariants {

    /** One broken invariant, by its number in SYSTEM.md §4. */
    record Violation(int invariant, String what) {
        static final List<String> NAMES = List.of("", "no double allowance, settlement or charge", "limits kept",
                "money conserved between issuer and merchant", "refusals move no money", "nothing committed lost");

        @Override
        public String toString() {
            return "invariant " + invariant + " (" + NAMES.get(invariant) + ") broken: " + what;
        }
    }

    private final Cluster cluster;
    private final List<Violation> violations = new ArrayList<>();

    private Invariants(Cluster cluster) {
        this.cluster = cluster;
    }

    /** What is still under way (messages owed, presentations without an outcome, reservations), or null when all is settled. */
    static String unfinished(Cluster c) {
        long outbox = c.number(Server.settlement, "SELECT COUNT(*) FROM outbox WHERE status = 'PENDING'");
        long open = c.number(Server.settlement, """
                SELECT COUNT(*) FROM presentation p WHERE p.refused_code IS NULL
                   AND NOT EXISTS (SELECT 1 FROM approval_outcome o WHERE o.approval_id = p.approval_id)""");
        long allowed = c.number(Server.auth, "SELECT COUNT(*) FROM approval WHERE status = 'ALLOWED'");
        long reserved = c.number(Server.auth, "SELECT COALESCE(SUM(reserved), 0) FROM budget");
        if (outbox == 0 && open == 0 && allowed == 0 && reserved == 0) return null;
        return outbox + " messages still owed to the issuer, " + open + " presentations without an outcome, " + allowed
                + " allowances neither charged nor voided, " + reserved + " JPY still reserved";
    }

    /** Every invariant, on a quiet system, against what the buyers were told and the refunds the operator was answered. */
    static List<Violation> check(Cluster c, Collection<Attempt> attempts, Collection<String> refundedSettlements) {
        var check = new Invariants(c);
        check.singleUse(attempts);
        check.limits();
        check.conservation();
        check.refusalsMoveNoMoney(attempts);
        check.nothingLost(attempts, refundedSettlements);
        return check.violations;
    }

    private void broken(int invariant, String what) {
        violations.add(new Violation(invariant, what));
    }

    private void noRows(int invariant, Server db, String sql, String what) {
        var rows = cluster.rows(db, sql);
        if (!rows.isEmpty()) broken(invariant, what + ": " + abbreviated(rows));
    }

    private void singleUse(Collection<Attempt> attempts) {
        noRows(1, Server.settlement, "SELECT approval_id, COUNT(*) FROM settlement GROUP BY approval_id HAVING COUNT(*) > 1",
                "approvals settled more than once");
        noRows(1, Server.settlement, "SELECT allowance_id, COUNT(*) FROM settlement GROUP BY allowance_id HAVING COUNT(*) > 1",
                "allowances settled more than once");
        noRows(1, Server.auth, "SELECT allowance_id, COUNT(*) FROM approval WHERE allowance_id IS NOT NULL GROUP BY allowance_id HAVING COUNT(*) > 1",
                "allowances given for more than one approval");
        noRows(1, Server.auth, "SELECT approval_id, COUNT(*) FROM use_entry WHERE kind = 'CHARGE' GROUP BY approval_id HAVING COUNT(*) > 1",
                "approvals charged more than once");
        noRows(1, Server.auth, "SELECT settlement_id, COUNT(*) FROM use_entry WHERE kind = 'CHARGE' GROUP BY settlement_id HAVING COUNT(*) > 1",
                "settlements charged more than once");
        Map<String, String> allowanceOf = new HashMap<>();
        cluster.rows(Server.auth, "SELECT id, allowance_id FROM approval WHERE allowance_id IS NOT NULL").forEach(r -> allowanceOf.put(r.get(0), r.get(1)));
        var unallowed = cluster.rows(Server.settlement, "SELECT id, approval_id, allowance_id FROM settlement").stream()
                .filter(r -> !r.get(2).equals(allowanceOf.get(r.get(1)))).toList();
        if (!unallowed.isEmpty()) broken(1, "settlements without the issuer's allowance for their approval: " + abbreviated(unallowed));
        Map<String, Set<String>> receiptsByApproval = attempts.stream().filter(a -> a.receipt() != null)
                .collect(Collectors.groupingBy(Attempt::approvalId, Collectors.mapping(a -> a.receipt().settlementId(), Collectors.toSet())));
        receiptsByApproval.forEach((approval, settlements) -> {
            if (settlements.size() > 1) broken(1, "approval " + approval + " gave the buyer receipts of " + settlements);
        });
    }

    private void limits() {
        noRows(2, Server.auth, "SELECT subscriber_id, period, cap, reserved, charged FROM budget WHERE reserved < 0 OR charged < 0 OR reserved + charged > cap",
                "budgets over their cap (subscriber, period, cap, reserved, charged)");
        noRows(2, Server.auth, """
                SELECT b.subscriber_id, b.period, b.charged, COALESCE(SUM(CASE u.kind WHEN 'CHARGE' THEN u.amount WHEN 'REFUND' THEN -u.amount ELSE 0 END), 0) AS used
                  FROM budget b LEFT JOIN use_entry u ON u.subscriber_id = b.subscriber_id AND u.period = b.period
                 GROUP BY b.subscriber_id, b.period, b.charged HAVING b.charged <> used""",
                "budgets whose charged total is not their charges less refunds (subscriber, period, charged, charges less refunds)");
        noRows(2, Server.auth, """
                SELECT b.subscriber_id, b.period, b.reserved, COALESCE(SUM(a.amount), 0) AS held
                  FROM budget b LEFT JOIN approval a ON a.subscriber_id = b.subscriber_id AND a.period = b.period AND a.status = 'ALLOWED'
                 GROUP BY b.subscriber_id, b.period, b.reserved HAVING b.reserved <> held""",
                "budgets whose reservation is not their allowed approvals (subscriber, period, reserved, allowed)");
    }

    private void conservation() {
        Map<String, String> issuer = new TreeMap<>();
        cluster.rows(Server.auth, """
                SELECT merchant_id || ' ' || date(occurred_at / 1000, 'unixepoch') || ' ' || kind, SUM(amount) || ' JPY in ' || COUNT(*)
                  FROM use_entry WHERE kind IN ('CHARGE', 'REFUND') GROUP BY 1""").forEach(r -> issuer.put(r.get(0), r.get(1)));
        Map<String, String> merchant = new TreeMap<>();
        cluster.rows(Server.settlement, """
                SELECT 'sakura ' || date(settled_at / 1000, 'unixepoch') || ' CHARGE', SUM(amount) || ' JPY in ' || COUNT(*) FROM settlement GROUP BY 1
                UNION ALL
                SELECT 'sakura ' || date(refunded_at / 1000, 'unixepoch') || ' REFUND', SUM(amount) || ' JPY in ' || COUNT(*) FROM refund GROUP BY 1""")
                .forEach(r -> merchant.put(r.get(0), r.get(1)));
        if (!issuer.equals(merchant)) broken(3, "per merchant, day and kind, the issuer holds " + issuer + " and the merchant " + merchant);
        differs(Server.auth, "SELECT settlement_id FROM use_entry WHERE kind = 'CHARGE'", "SELECT id FROM settlement", "charged settlements");
        differs(Server.auth, "SELECT refund_id FROM use_entry WHERE kind = 'REFUND'", "SELECT id FROM refund", "refunds");
        long receivable = cluster.number(Server.settlement,
                "SELECT COALESCE(SUM(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END), 0) FROM ledger_entry WHERE account = 'issuer_receivable'");
        long owed = cluster.number(Server.settlement, "SELECT COALESCE(SUM(amount), 0) FROM settlement")
                - cluster.number(Server.settlement, "SELECT COALESCE(SUM(amount), 0) FROM refund");
        if (receivable != owed) broken(3, "the ledger's issuer_receivable is " + receivable + " JPY but settlements less refunds are " + owed + " JPY");
        noRows(3, Server.settlement, "SELECT journal_id FROM ledger_entry GROUP BY journal_id HAVING SUM(CASE side WHEN 'DEBIT' THEN amount ELSE -amount END) <> 0",
                "ledger journals that do not balance");
    }

    private void differs(Server issuerDb, String issuerSql, String merchantSql, String what) {
        Set<String> atIssuer = column(issuerDb, issuerSql);
        Set<String> atMerchant = column(Server.settlement, merchantSql);
        var onlyIssuer = new HashSet<>(atIssuer);
        onlyIssuer.removeAll(atMerchant);
        var onlyMerchant = new HashSet<>(atMerchant);
        onlyMerchant.removeAll(atIssuer);
        if (!onlyIssuer.isEmpty()) broken(3, what + " the issuer holds and the merchant does not: " + abbreviated(onlyIssuer));
        if (!onlyMerchant.isEmpty()) broken(3, what + " the merchant holds and the issuer does not: " + abbreviated(onlyMerchant));
    }

    private void refusalsMoveNoMoney(Collection<Attempt> attempts) {
        Set<String> refused = new HashSet<>();
        attempts.stream().filter(a -> a.end() == Buyer.End.REFUSED && a.approvalId() != null && finalForTheApproval(a.code().code()))
                .forEach(a -> refused.add(a.approvalId()));
        cluster.rows(Server.settlement, "SELECT approval_id, code FROM refusal WHERE approval_id IS NOT NULL").stream()
                .filter(r -> finalForTheApproval(r.get(1))).forEach(r -> refused.add(r.get(0)));
        refused.addAll(column(Server.settlement, "SELECT approval_id FROM approval_outcome WHERE outcome = 'ABANDONED'"));
        refused.addAll(column(Server.settlement, "SELECT approval_id FROM presentation WHERE refused_code IS NOT NULL"));
        Set<String> settled = column(Server.settlement, "SELECT approval_id FROM settlement");
        Set<String> charged = column(Server.auth, "SELECT approval_id FROM use_entry WHERE kind = 'CHARGE'");
        Set<String> holding = column(Server.auth, "SELECT id FROM approval WHERE status IN ('ALLOWED', 'CHARGED', 'REFUNDED')");
        var moved = refused.stream().filter(id -> settled.contains(id) || charged.contains(id) || holding.contains(id)).sorted().toList();
        if (!moved.isEmpty()) broken(4, "refused approvals that were settled, charged or still hold budget: " + abbreviated(moved));
    }

    /**
     * Whether a refusal with this code ends the approval: not one a retry may turn into a
     * settlement, and not "already used" or "amount differs", which refuse one presentation of an
     * approval another presentation may have settled. The issuer's silence is final: the merchant
     * gave the approval up.
     */
    static boolean finalForTheApproval(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return (c == ErrorCode.AUTH_UNAVAILABLE || !c.retryable()) && c != ErrorCode.APPROVAL_ALREADY_USED && c != ErrorCode.AMOUNT_MISMATCH;
            }
        }
        return false;
    }

    private void nothingLost(Collection<Attempt> attempts, Collection<String> refundedSettlements) {
        String unfinished = unfinished(cluster);
        if (unfinished != null) broken(5, "the flow did not finish: " + unfinished);
        noRows(5, Server.settlement, "SELECT kind, subject, last_error FROM outbox WHERE status = 'DEAD'", "messages to the issuer given up");
        Map<String, String> settlementApproval = new HashMap<>();
        cluster.rows(Server.settlement, "SELECT id, approval_id FROM settlement").forEach(r -> settlementApproval.put(r.get(0), r.get(1)));
        Set<String> charged = column(Server.auth, "SELECT settlement_id FROM use_entry WHERE kind = 'CHARGE'");
        var lost = new ArrayList<String>();
        var undelivered = new ArrayList<String>();
        for (Attempt a : attempts) {
            if (a.receipt() == null) continue;
            String id = a.receipt().settlementId();
            if (!a.approvalId().equals(settlementApproval.get(id)) || !charged.contains(id)) lost.add(id);
            if (Boolean.FALSE.equals(a.downloaded())) undelivered.add(id);
        }
        if (!lost.isEmpty()) broken(5, "receipts given to buyers whose settlement is missing or was never charged: " + abbreviated(lost));
        Set<String> refunds = column(Server.settlement, "SELECT settlement_id FROM refund");
        var unrefunded = refundedSettlements.stream().filter(id -> !refunds.contains(id)).toList();
        if (!unrefunded.isEmpty()) broken(5, "refunds the operator was answered that are not recorded: " + abbreviated(unrefunded));
        if (!undelivered.isEmpty()) broken(5, "receipts whose content could not be downloaded: " + abbreviated(undelivered));
    }

    private Set<String> column(Server db, String sql) {
        return cluster.rows(db, sql).stream().map(r -> r.get(0)).collect(Collectors.toSet());
    }

    private static String abbreviated(Collection<?> items) {
        return items.size() <= 10 ? items.toString() : items.stream().limit(10).toList() + " and " + (items.size() - 10) + " more";
    }
}
