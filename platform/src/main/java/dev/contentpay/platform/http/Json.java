package dev.contentpay.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.error.Problem;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one JSON configuration of every server and client: strict on requests (unknown fields, floats
 * where integers belong, nulls for primitives and deep nesting are refused), tolerant of unknown
 * fields in answers ({@link #readAnswer}), RFC 3339 times out.
 */
public final class Json {

    public static final ObjectMapper MAPPER = create();

    private Json() {
    }

    private static ObjectMapper create() {
        // A key given twice ({"amount": 1, "amount": 100000}) is refused: a proxy or log that reads
        // the first copy must never disagree with a server that would read the last.
        var factory = JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1_000_000).build())
                .build();
        var mapper = JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new com.fasterxml.jackson.databind.module.SimpleModule("contentpay-text").addDeserializer(String.class, new Text()))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        // A number or a boolean where text belongs ({"itemId": 123}) is the wrong type, not text:
        // ALLOW_COERCION_OF_SCALARS does not cover coercion into strings.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Text as Jackson reads it, but never with a NUL character: no field of ours has a use for one,
     * PostgreSQL cannot store one, and a log or a C library downstream would cut the text there.
     */
    private static final class Text extends com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer<String> {
        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.DeserializationContext ctxt) throws IOException {
            String text = com.fasterxml.jackson.databind.deser.std.StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw com.fasterxml.jackson.databind.JsonMappingException.from(p, "text with a NUL character",
                        new IllegalArgumentException("must not contain a NUL character"));
            }
            return text;
        }
    }

    /** Reads a request body, turning every kind of bad JSON into {@code validation_failed}. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The request has no body; a JSON object was expected.");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) throw ContentpayException.invalid("body", "must be a JSON object, not null");
            return value;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            // A record's own validation speaks for itself; Jackson wraps it, so unwrap it here.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ContentpayException refusal) throw refusal;
            }
            throw mapped(e);
        } catch (IOException e) {
            throw new ContentpayException(ErrorCode.VALIDATION_FAILED, "The request body is not valid JSON.",
                    List.of(new Problem.FieldError("body", "is not valid JSON")), null);
        }
    }

    /**
     * Reads another party's answer. As strict as {@link #read} on types, duplicates and depth, but
     * tolerant of fields it does not know: a server that adds a field to an answer must not break
     * the clients and servers already deployed against it. Requests stay strict ({@link #read}).
     */
    public static <T> T readAnswer(byte[] body, Class<T> type) throws IOException {
        return ANSWERS.get(type).readValue(body);
    }

    private static final ClassValue<ObjectReader> ANSWERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
    };

    private static ContentpayException mapped(com.fasterxml.jackson.databind.JsonMappingException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (field.isEmpty()) field = "body";
        if (e instanceof UnrecognizedPropertyException u) return ContentpayException.invalid(u.getPropertyName(), "is not a known field");
        if (e instanceof MismatchedInputException) return ContentpayException.invalid(field, "has the wrong type or is missing");
        if (e.getCause() instanceof IllegalArgumentException bad && bad.getMessage() != null) {
            return ContentpayException.invalid(field, bad.getMessage());
        }
        return ContentpayException.invalid(field, "does not have the expected shape");
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }
}
