package dev.contentpay.settlement.ledger;

import java.util.List;

/**
 * The ledger's invariants, checked from what is stored: in every currency the debits of all entries
 * equal their credits; every journal balances on its own; and each account's kept balance equals
 * the sums of its entries. {@code problems} names each broken invariant in a sentence.
 */
public record LedgerCheck(boolean balanced, List<Total> totals, List<AccountBalance> accounts, List<String> problems) {

    /** All debits and all credits of one currency. */
    public record Total(String currency, long debits, long credits) {
    }

    /**
     * One account in one currency, as the balance table keeps it; {@code balance} is read on the
     * account's normal side (debits less credits for a debit-normal account).
     */
    public record AccountBalance(String account, String currency, long debits, long credits, long balance, long entries) {
    }

    public AccountBalance account(Account account, String currency) {
        return accounts.stream().filter(a -> a.account().equals(account.code()) && a.currency().equals(currency)).findFirst()
                .orElse(new AccountBalance(account.code(), currency, 0, 0, 0, 0));
    }
}
