package dev.contentpay.app.operator;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.Statement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Currency;
import java.util.concurrent.Callable;

/** {@code contentpay statement}: the subscriber's own bill for a period, from their issuer. */
@Command(name = "statement", mixinStandardHelpOptions = true,
        description = "Show your statement for a period: charges, refunds, voids and what remains of your limit.")
public final class StatementCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--auth", defaultValue = "http://127.0.0.1:8081", description = "your issuer's URL (default: ${DEFAULT-VALUE})")
    URI auth;

    @Option(names = "--user", required = true, description = "your subscriber id")
    String user;

    @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
    boolean passwordStdin;

    @Option(names = "--from", description = "first day, YYYY-MM-DD (default: the first of this month)")
    String from;

    @Option(names = "--to", description = "last day, YYYY-MM-DD (default: today)")
    String to;

    @Option(names = "--json", description = "print the statement as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try {
            Statement s = fetch(password());
            if (json) {
                out.println(Json.writeString(s));
            } else {
                out.printf("Statement of %s (%s) from %s to %s%n", s.subscriberId(), s.limitKind(), s.from(), s.to());
                for (var line : s.lines()) {
                    out.printf("  %-24s %-7s %-20s %-30s %12s%n", line.at(), line.kind(), line.merchantName(), line.title(), money(line.amount()));
                }
                out.printf("  charged %s, refunded %s, voided %s; net %s%n", money(s.charged()), money(s.refunded()), money(s.voided()), money(s.net()));
                out.printf("  limit %s, remaining %s%n", money(s.limit()), money(s.remaining()));
            }
            out.flush();
            return 0;
        } catch (ContentpayException e) {
            spec.commandLine().getErr().println(e.detail());
            spec.commandLine().getErr().flush();
            return e.code().retryable() ? 3 : 1;
        }
    }

    private Statement fetch(String password) throws IOException, InterruptedException {
        var query = new StringBuilder("/v1/subscriber/statement?");
        if (from != null) query.append("from=").append(from).append('&');
        if (to != null) query.append("to=").append(to);
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(auth.resolve(query.toString())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.AUTH_UNAVAILABLE);
        }
        if (response.statusCode() >= 400) throw Json.MAPPER.readValue(response.body(), Problem.class).toException();
        return Json.MAPPER.readValue(response.body(), Statement.class);
    }

    private String password() throws IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw ContentpayException.invalid("password", "standard input held no password");
            return line;
        }
        var console = System.console();
        if (console == null) throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "There is no terminal to ask the password on; pass it with --password-stdin.");
        return new String(console.readPassword("Password for %s: ", user));
    }

    private static String money(Money m) {
        int digits = Math.max(0, Currency.getInstance(m.currency()).getDefaultFractionDigits());
        return String.format("%,." + digits + "f %s", BigDecimal.valueOf(m.amount(), digits), m.currency());
    }
}
