package dev.contentpay.platform.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.contentpay.platform.http.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** JSON log lines: the message formatted, the time in RFC 3339, the trace ids, the error; one line each. */
class JsonLogEncoderTest {

    final LoggerContext context = new LoggerContext();
    final JsonLogEncoder encoder = new JsonLogEncoder();

    @Test
    void aLineHoldsTheFormattedMessageItsRfc3339TimeAndTheTraceIds() throws Exception {
        var event = new LoggingEvent("test", context.getLogger("dev.contentpay.test"), Level.WARN,
                "gave up on approval {} (order {}): \"quoted\"\nnext line", null, new Object[]{"apv_1", "ord_2"});
        event.setTimeStamp(1_765_000_000_123L);
        event.setMDCPropertyMap(Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "other", "not written"));

        byte[] line = encoder.encode(event);

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotContain("{}");
        assertThat(text.indexOf('\n')).as("one line").isEqualTo(text.length() - 1);
        var json = Json.MAPPER.readTree(line);
        assertThat(json.get("time").asText()).isEqualTo("2025-12-06T05:46:40.123Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("dev.contentpay.test");
        assertThat(json.get("message").asText()).isEqualTo("gave up on approval apv_1 (order ord_2): \"quoted\"\nnext line");
        assertThat(json.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(json.has("other")).isFalse();
        assertThat(json.has("error")).isFalse();
    }

    @Test
    void anErrorCarriesItsClassMessageAndStackWithItsCauses() throws Exception {
        var failure = new IllegalStateException("outer", new java.io.IOException("inner"));
        var event = new LoggingEvent("test", context.getLogger("dev.contentpay.test"), Level.ERROR, "failed", failure, null);
        event.setMDCPropertyMap(Map.of());

        var json = Json.MAPPER.readTree(encoder.encode(event));

        assertThat(json.get("error").get("class").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(json.get("error").get("message").asText()).isEqualTo("outer");
        assertThat(json.get("error").get("stack").asText()).contains("\tat dev.contentpay.platform.observe.JsonLogEncoderTest")
                .contains("caused by java.io.IOException: inner");
    }
}
