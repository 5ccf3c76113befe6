package dev.contentpay.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code contentpay admin ...}: the issuer's operators manage subscribers and merchants through auth's admin face. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Manage subscribers and merchants at the issuer (auth's admin face).",
        subcommands = {AdminCommand.Register.class, AdminCommand.Show.class, AdminCommand.Status.class, AdminCommand.SetLimit.class,
                AdminCommand.TopUp.class, AdminCommand.GrantPoints.class, AdminCommand.Statement.class, AdminCommand.DailyTotals.class,
                AdminCommand.Audit.class, AdminCommand.Sweep.class, MerchantsCommand.class, WebhooksCommand.class, ReversalsCommand.class})
public final class AdminCommand {

    @picocli.CommandLine.Mixin
    AdminFace face;

    @Spec
    CommandSpec spec;

    OperatorClient client() {
        return face.client();
    }

    /** Runs one call and prints its JSON answer; a refusal is one sentence and exit 1. */
    abstract static class Call implements Callable<Integer> {
        @ParentCommand
        AdminCommand admin;

        @Spec
        CommandSpec spec;

        abstract JsonNode call(OperatorClient client);

        @Override
        public Integer call() {
            return print(spec, () -> call(admin.client()));
        }

        /** Prints the JSON answer of {@code call} and gives 0, or prints a refusal's sentence and gives 1 (3 when a retry may help). */
        static int print(CommandSpec spec, java.util.function.Supplier<JsonNode> call) {
            try {
                spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(call.get()));
                spec.commandLine().getOut().flush();
                return 0;
            } catch (ContentpayException e) {
                spec.commandLine().getErr().println(e.detail());
                spec.commandLine().getErr().flush();
                return e.code().retryable() ? 3 : 1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    @Command(name = "register", description = "Register a subscriber; the password (and PIN) are read from standard input, one a line.")
    static final class Register extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--name", required = true, description = "the subscriber's name") String name;
        @Option(names = "--kind", defaultValue = "credit", description = "credit, prepaid or points") String kind;
        @Option(names = "--limit", required = true, description = "monthly limit, opening balance or points, in minor units") long limit;
        @Option(names = "--currency", defaultValue = "JPY") String currency;
        @Option(names = "--bureau-reference", description = "who this subscriber is to the credit bureau") String bureau;
        @Option(names = "--pin-threshold", description = "ask the PIN again above this amount (needs a PIN line on stdin)") Long pinThreshold;

        @Override
        JsonNode call(OperatorClient client) {
            try {
                var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String password = in.readLine();
                String pin = in.readLine();
                var request = new RegisterSubscriberRequest(id, name, password, pin == null || pin.isEmpty() ? null : pin, kind,
                        Money.of(limit, currency), bureau, pinThreshold == null ? null : Money.of(pinThreshold, currency));
                return client.send("POST", "/v1/admin/subscribers", request);
            } catch (IOException e) {
                throw ContentpayException.invalid("password", "could not be read from standard input");
            }
        }
    }

    @Command(name = "show", description = "Show a subscriber's status, limit and what remains of it.")
    static final class Show extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;

        @Override
        JsonNode call(OperatorClient client) {
            return client.get("/v1/admin/subscribers/" + enc(id));
        }
    }

    @Command(name = "status", description = "Suspend, resume or close a subscriber: admin status ID suspend|resume|close")
    static final class Status extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "ACTION", description = "suspend, resume or close") String action;

        @Override
        JsonNode call(OperatorClient client) {
            return client.send("POST", "/v1/admin/subscribers/" + enc(id) + "/" + enc(action), null);
        }
    }

    @Command(name = "set-limit", description = "Set a credit subscriber's monthly limit, in minor units.")
    static final class SetLimit extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "AMOUNT") long amount;
        @Option(names = "--currency", defaultValue = "JPY") String currency;

        @Override
        JsonNode call(OperatorClient client) {
            return client.send("PUT", "/v1/admin/subscribers/" + enc(id) + "/limit", new AmountRequest(Money.of(amount, currency)));
        }
    }

    @Command(name = "top-up", description = "Add to a prepaid balance, in minor units.")
    static final class TopUp extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "AMOUNT") long amount;
        @Option(names = "--currency", defaultValue = "JPY") String currency;

        @Override
        JsonNode call(OperatorClient client) {
            return client.send("POST", "/v1/admin/subscribers/" + enc(id) + "/top-ups", new AmountRequest(Money.of(amount, currency)));
        }
    }

    @Command(name = "grant-points", description = "Grant points to a points subscriber.")
    static final class GrantPoints extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Parameters(index = "1", paramLabel = "POINTS") long amount;
        @Option(names = "--currency", defaultValue = "JPY") String currency;

        @Override
        JsonNode call(OperatorClient client) {
            return client.send("POST", "/v1/admin/subscribers/" + enc(id) + "/points", new AmountRequest(Money.of(amount, currency)));
        }
    }

    @Command(name = "statement", description = "A subscriber's statement (charges, refunds, voids) for a period.")
    static final class Statement extends Call {
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--from", description = "first day, YYYY-MM-DD (default: the first of this month)") String from;
        @Option(names = "--to", description = "last day, YYYY-MM-DD (default: today)") String to;

        @Override
        JsonNode call(OperatorClient client) {
            return client.get("/v1/admin/subscribers/" + enc(id) + "/statement?" + (from == null ? "" : "from=" + enc(from) + "&")
                    + (to == null ? "" : "to=" + enc(to)));
        }
    }

    @Command(name = "daily-totals", description = "A merchant's charges and refunds on one day, for reconciliation.")
    static final class DailyTotals extends Call {
        @Parameters(index = "0", paramLabel = "MERCHANT") String merchant;
        @Option(names = "--date", required = true, description = "YYYY-MM-DD (UTC)") String date;

        @Override
        JsonNode call(OperatorClient client) {
            return client.get("/v1/admin/merchants/" + enc(merchant) + "/daily-totals?date=" + enc(date));
        }
    }

    @Command(name = "audit", description = "Query the audit log, newest first.")
    static final class Audit extends Call {
        @Option(names = "--subscriber") String subscriber;
        @Option(names = "--kind", description = "for example sign_in_failed, approval_issued, charged") String kind;
        @Option(names = "--from", description = "RFC 3339 time") String from;
        @Option(names = "--to", description = "RFC 3339 time") String to;
        @Option(names = "--limit", defaultValue = "100") int limit;
        @Option(names = "--before", description = "the id of the last event of the page before: the next page of older events") String before;

        @Override
        JsonNode call(OperatorClient client) {
            var q = new StringBuilder("/v1/admin/audit?limit=" + limit);
            if (before != null) q.append("&before=").append(enc(before));
            if (subscriber != null) q.append("&subscriber=").append(enc(subscriber));
            if (kind != null) q.append("&kind=").append(enc(kind));
            if (from != null) q.append("&from=").append(enc(from));
            if (to != null) q.append("&to=").append(enc(to));
            return client.get(q.toString());
        }
    }

    @Command(name = "sweep", description = "Expire stale approvals and void unpaid allowances now.")
    static final class Sweep extends Call {
        @Override
        JsonNode call(OperatorClient client) {
            return client.send("POST", "/v1/admin/sweep", null);
        }
    }
}
