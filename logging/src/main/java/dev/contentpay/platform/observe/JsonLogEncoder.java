package dev.contentpay.platform.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One JSON object a line for log collectors ({@code CONTENTPAY_LOG_FORMAT=JSON}): {@code time} in
 * RFC 3339 UTC with milliseconds, {@code level}, {@code logger}, {@code thread}, {@code message}
 * already formatted (no {@code {}} left for a reader to fill in), the request's {@code trace_id}
 * and {@code caller_trace} when it has them, and {@code error} with the exception's class, message
 * and stack when there is one. Logback's own JSON encoder writes the message's pattern and its
 * arguments apart, and the time as milliseconds since 1970.
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] NOTHING = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", TIME.format(Instant.ofEpochMilli(event.getTimeStamp())));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            for (String key : new String[]{Trace.MDC_KEY, Trace.CALLER_MDC_KEY}) {
                String value = mdc == null ? null : mdc.get(key);
                if (value != null) json.writeStringField(key, value);
            }
            if (event.getThrowableProxy() != null) writeError(json, event.getThrowableProxy());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void writeError(JsonGenerator json, IThrowableProxy error) throws IOException {
        json.writeObjectFieldStart("error");
        json.writeStringField("class", error.getClassName());
        if (error.getMessage() != null) json.writeStringField("message", error.getMessage());
        var stack = new StringBuilder();
        for (IThrowableProxy t = error; t != null; t = t.getCause()) {
            if (t != error) stack.append("caused by ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) stack.append("\tat ").append(frame.getStackTraceElement()).append('\n');
        }
        json.writeStringField("stack", stack.toString());
        json.writeEndObject();
    }
}
