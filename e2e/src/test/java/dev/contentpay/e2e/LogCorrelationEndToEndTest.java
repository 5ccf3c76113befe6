package dev.contentpay.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.contentpay.app.Deployment;
import dev.contentpay.platform.observe.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.contentpay.e2e.TestDeployment.password;
import static org.assertj.core.api.Assertions.assertThat;

/** One purchase, one correlation id: every server's lines about it carry the trace id the terminal started. */
class LogCorrelationEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void theLogLinesOfOnePurchaseAcrossAllServersShareOneTraceId() {
        var logs = CapturedLogs.at(Level.INFO);
        try (Deployment d = TestDeployment.start(dir, Map.of())) {
            TestDeployment.terminal(d).buy(d.shop().url(), "alice", password("alice"), "ringtone");
            TestDeployment.awaitHistory(d, "alice", h -> h.charged().amount() == 150);
        } finally {
            logs.close();
        }
        List<ILoggingEvent> events = logs.events();
        String trace = events.stream().filter(e -> e.getFormattedMessage().startsWith("order ") && e.getLoggerName().startsWith("dev.contentpay.shop"))
                .map(e -> e.getMDCPropertyMap().get(Trace.MDC_KEY)).findFirst().orElseThrow();
        assertThat(trace).matches("[0-9a-f]{32}");
        var ofThePurchase = events.stream().filter(e -> trace.equals(e.getMDCPropertyMap().get(Trace.MDC_KEY))).toList();
        var lines = ofThePurchase.stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();

        assertThat(lines).as("the purchase's lines")
                .anySatisfy(l -> assertThat(l).startsWith("dev.contentpay.shop").contains("order"))
                .anySatisfy(l -> assertThat(l).startsWith("dev.contentpay.bureau").contains("report on"))
                .anySatisfy(l -> assertThat(l).startsWith("dev.contentpay.auth").contains("issued"))
                .anySatisfy(l -> assertThat(l).startsWith("dev.contentpay.auth").contains("allowed"))
                .anySatisfy(l -> assertThat(l).startsWith("dev.contentpay.settlement").contains("settled"))
                .anySatisfy(l -> assertThat(l).startsWith("dev.contentpay.auth").contains("charged"));
    }
}
