package dev.contentpay.harness.bench;

import dev.contentpay.app.operator.OperatorClient;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.client.ContentpayClient;
import dev.contentpay.client.TerminalCredential;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The subscribers the load is bought by: registered for this run through auth's admin face, each
 * with one enrolled terminal. Their ids carry a random run id, so runs against one deployment
 * never meet each other's subscribers, and their monthly credit limit is far above anything a run
 * can spend, so {@code limit_exceeded} means a fault, not the end of a budget. The demo's own
 * subscribers are left alone.
 */
final class Buyers {

    /** One bench subscriber: id and password, and the terminal enrolled with them (null when only the password is used). */
    record Buyer(String subscriberId, char[] password, TerminalCredential terminal) {
    }

    /** A trillion minor units: more than any run buys at any price. */
    static final long LIMIT = 1_000_000_000_000L;

    private final List<Buyer> all;

    private Buyers(List<Buyer> all) {
        this.all = List.copyOf(all);
    }

    /**
     * Registers {@code count} subscribers with limits in {@code currency} and a credit record at
     * the bureau under {@code bureauReference}; enrolls a terminal for each when {@code terminals}.
     */
    static Buyers register(OperatorClient admin, ContentpayClient client, int count, String currency, String bureauReference,
                           boolean terminals) {
        var random = new SecureRandom();
        String run = HexFormat.of().formatHex(random.generateSeed(4));
        var buyers = new ArrayList<Buyer>();
        for (int i = 1; i <= count; i++) {
            String id = "bench-" + run + "-" + i;
            byte[] secret = new byte[18];
            random.nextBytes(secret);
            String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            admin.send("POST", "/v1/admin/subscribers", new RegisterSubscriberRequest(id, "Bench buyer " + i, password, null, "credit",
                    Money.of(LIMIT, currency), bureauReference, null));
            TerminalCredential terminal = terminals ? client.enroll(id, password.toCharArray(), "bench terminal " + i) : null;
            buyers.add(new Buyer(id, password.toCharArray(), terminal));
        }
        return new Buyers(buyers);
    }

    /** The buyer for the {@code n}-th purchase or buyer thread: round robin. */
    Buyer get(long n) {
        return all.get((int) Math.floorMod(n, (long) all.size()));
    }

    int size() {
        return all.size();
    }
}
