package dev.contentpay.app;

import dev.contentpay.auth.AuthServer;
import dev.contentpay.auth.subscriber.Registration;
import dev.contentpay.auth.subscriber.Subscriber;
import dev.contentpay.bureau.BureauServer;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.CreditReport;

import java.time.Clock;
import java.util.List;

/**
 * The demo data of SYSTEM.md §7. Loaded on every demo start and skipped where it exists, so a
 * second start on the same data folder keeps what the first recorded. These credentials exist only
 * here; they are printed by the demo so scripts can use them.
 */
public final class DemoData {

    public static final String PIN = "1234";
    public static final String CURRENCY = "JPY";

    /** A demo subscriber, their bureau record, and the line the demo prints about them. */
    public record DemoSubscriber(String id, String name, Subscriber.Status status, Subscriber.LimitKind kind, long limit,
                                 String bureauReference, int score, int delinquencies, long debt, int months, String about) {
        public String password() {
            return id + "-demo-pass";
        }
    }

    public static final List<DemoSubscriber> SUBSCRIBERS = List.of(
            new DemoSubscriber("alice", "Alice Aoki", Subscriber.Status.ACTIVE, Subscriber.LimitKind.CREDIT, 10_000,
                    "JB-40017", 742, 0, 12_000, 60, "monthly credit limit 10,000 JPY, good credit"),
            new DemoSubscriber("bob", "Bob Baba", Subscriber.Status.ACTIVE, Subscriber.LimitKind.CREDIT, 10_000,
                    "JB-40023", 455, 3, 310_000, 36, "delinquent at the bureau: refused"),
            new DemoSubscriber("carol", "Carol Chiba", Subscriber.Status.ACTIVE, Subscriber.LimitKind.PREPAID, 500,
                    "JB-40031", 690, 0, 0, 24, "prepaid balance 500 JPY"),
            new DemoSubscriber("dave", "Dave Doi", Subscriber.Status.SUSPENDED, Subscriber.LimitKind.CREDIT, 10_000,
                    "JB-40042", 700, 0, 0, 48, "suspended: refused"));

    private DemoData() {
    }

    public static void load(AuthServer auth, BureauServer bureau, Clock clock) {
        for (DemoSubscriber s : SUBSCRIBERS) {
            bureau.records().addIfAbsent(new CreditReport(s.bureauReference(), s.score(), s.delinquencies(),
                    Money.of(s.debt(), CURRENCY), s.months(), clock.instant()));
            auth.subscribers().registerIfAbsent(new Registration(s.id(), s.name(), s.password().toCharArray(), PIN.toCharArray(),
                    s.status(), s.kind(), s.limit(), CURRENCY, s.bureauReference(), 1_000L));
        }
    }
}
