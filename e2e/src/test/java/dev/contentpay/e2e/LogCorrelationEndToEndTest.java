package dev.contentpay.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.observe.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One purchase, correlated on each side of the issuer's boundary and never across it: the shop's
 * and settlement's lines share the trace the terminal started; auth's lines carry traces of its
 * own (the merchant's only as {@code caller_trace}, in auth's logs); the bureau sees a trace auth
 * started for that call alone, whose link auth logs. No trace id joins the merchant's logs with the
 * bureau's.
 */
class LogCorrelationEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aPurchasesTraceStopsAtTheIssuersBoundaryAndOnlyAuthKeepsTheLinks() {
        // Each purchase's own lines are DEBUG (docs/DECISIONS.md): the level an operator sets to follow purchases.
        var logs = CapturedLogs.at(Level.DEBUG);
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            TestDeployment.terminal(d).buy(d.shop().url(), "alice", password("alice"), "ringtone");
            TestDeployment.awaitHistory(d, "alice", h -> h.charged().amount() == 150);
        } finally {
            logs.close();
        }
        List<ILoggingEvent> events = logs.events();
        ILoggingEvent order = line(events, "dev.contentpay.shop", "order ");
        String merchants = trace(order);
        assertThat(merchants).matches("[0-9a-f]{32}");
        assertThat(trace(line(events, "dev.contentpay.settlement", "settled"))).as("settlement continues the terminal's trace").isEqualTo(merchants);

        ILoggingEvent issued = line(events, "dev.contentpay.auth", "issued");
        ILoggingEvent allowed = line(events, "dev.contentpay.auth", "allowed");
        ILoggingEvent charged = line(events, "dev.contentpay.auth", "charged");
        for (ILoggingEvent auth : List.of(issued, allowed, charged)) {
            assertThat(trace(auth)).as("auth's own trace: %s", auth.getFormattedMessage()).isNotEqualTo(merchants).matches("[0-9a-f]{32}");
        }
        assertThat(allowed.getMDCPropertyMap().get(Trace.CALLER_MDC_KEY)).as("the merchant's trace kept in auth's log").isEqualTo(merchants);
        assertThat(charged.getMDCPropertyMap().get(Trace.CALLER_MDC_KEY)).isEqualTo(merchants);

        ILoggingEvent report = line(events, "dev.contentpay.bureau", "report on");
        String bureaus = trace(report);
        assertThat(bureaus).isNotEqualTo(merchants);
        assertThat(events).as("auth logs the trace it gave the bureau, under its own")
                .anySatisfy(e -> {
                    assertThat(e.getFormattedMessage()).contains("/v1/reports/").contains("sent as trace " + bureaus);
                    assertThat(trace(e)).isNotEqualTo(merchants).isNotEqualTo(bureaus);
                });

        Set<String> merchantSide = traces(events, "dev.contentpay.shop", "dev.contentpay.settlement");
        Set<String> bureauSide = traces(events, "dev.contentpay.bureau");
        assertThat(merchantSide).as("no trace id in both the merchant's and the bureau's logs").doesNotContainAnyElementsOf(bureauSide);
    }

    private static ILoggingEvent line(List<ILoggingEvent> events, String logger, String text) {
        return events.stream().filter(e -> e.getLoggerName().startsWith(logger) && e.getFormattedMessage().contains(text))
                .findFirst().orElseThrow(() -> new AssertionError("no " + logger + " line with '" + text + "'"));
    }

    private static String trace(ILoggingEvent e) {
        return e.getMDCPropertyMap().get(Trace.MDC_KEY);
    }

    private static Set<String> traces(List<ILoggingEvent> events, String... loggers) {
        return events.stream().filter(e -> java.util.Arrays.stream(loggers).anyMatch(l -> e.getLoggerName().startsWith(l)))
                .map(LogCorrelationEndToEndTest::trace).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
