package dev.contentpay.e2e;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.http.Json;
import dev.contentpay.platform.money.Money;
import dev.contentpay.protocol.ApprovalRequest;
import dev.contentpay.protocol.ApprovalResponse;
import dev.contentpay.protocol.Catalog;
import dev.contentpay.protocol.CreditReport;
import dev.contentpay.protocol.DailyTotals;
import dev.contentpay.protocol.EnrollRequest;
import dev.contentpay.protocol.EnrollResponse;
import dev.contentpay.protocol.History;
import dev.contentpay.protocol.JudgeRequest;
import dev.contentpay.protocol.JudgeResponse;
import dev.contentpay.protocol.PaymentNotice;
import dev.contentpay.protocol.PaymentNoticeResponse;
import dev.contentpay.protocol.PinThresholdRequest;
import dev.contentpay.protocol.PinThresholdResponse;
import dev.contentpay.protocol.PurchaseRequest;
import dev.contentpay.protocol.Receipt;
import dev.contentpay.protocol.RefundRequest;
import dev.contentpay.protocol.RefundResponse;
import dev.contentpay.protocol.SelectRequest;
import dev.contentpay.protocol.SelectResponse;
import dev.contentpay.protocol.Statement;
import dev.contentpay.protocol.TerminalApprovalRequest;
import dev.contentpay.protocol.TerminalList;
import dev.contentpay.protocol.TerminalProof;
import dev.contentpay.protocol.VoidRequest;
import dev.contentpay.protocol.VoidResponse;
import dev.contentpay.protocol.admin.AmountRequest;
import dev.contentpay.protocol.admin.RegisterSubscriberRequest;
import dev.contentpay.protocol.admin.SubscriberView;
import dev.contentpay.settlement.operator.AdminRefundRequest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the parsers of outside input that every server and client shares (docs/RELIABILITY.md):
 * any bytes, any JSON, and JSON shaped like each wire record (its own field names, any values) are
 * read into every request and response record of the protocol either as a record or as a
 * {@link ContentpayException} (a 4xx problem on the wire), never any other exception; and a
 * terminal proof's four headers are parsed and checked without an exception, matching only the
 * genuine signature.
 */
class ParserFuzzTest {

    static final List<Class<?>> RECORDS = List.of(ApprovalRequest.class, JudgeRequest.class, PaymentNotice.class, PurchaseRequest.class,
            SelectRequest.class, RefundRequest.class, VoidRequest.class, EnrollRequest.class, TerminalApprovalRequest.class,
            PinThresholdRequest.class, AmountRequest.class, RegisterSubscriberRequest.class, AdminRefundRequest.class, Money.class,
            ApprovalResponse.class, JudgeResponse.class, Receipt.class, SelectResponse.class, Catalog.class, CreditReport.class,
            EnrollResponse.class, PaymentNoticeResponse.class, RefundResponse.class, VoidResponse.class, History.class, Statement.class,
            DailyTotals.class, TerminalList.class, PinThresholdResponse.class, SubscriberView.class);

    @Property
    void anyJsonShapedLikeARecordIsReadOrRefusedAsAProblem(@ForAll("shapedBodies") Tuple2<Class<?>, String> body) {
        readOrRefuse(body.get1(), body.get2().getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void anyJsonIsReadOrRefusedAsAProblem(@ForAll("recordTypes") Class<?> type, @ForAll("anyJson") String json) {
        readOrRefuse(type, json.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void anyBytesAreReadOrRefusedAsAProblem(@ForAll("recordTypes") Class<?> type, @ForAll byte[] body) {
        readOrRefuse(type, body);
    }

    static void readOrRefuse(Class<?> type, byte[] body) {
        try {
            assertThat(Json.read(body, type)).isNotNull();
        } catch (ContentpayException refused) {
            assertThat(refused.code().status()).as(refused.code().code()).isBetween(400, 499);
        }
    }

    static final byte[] SECRET = new byte[32];
    static final byte[] BODY = "{\"purchase\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    static final TerminalProof.Headers GENUINE = TerminalProof.sign("trm_fuzz", SECRET, "POST", "/v1/terminal/approvals", BODY,
            Instant.parse("2026-11-24T12:00:00Z"));

    @Property
    void terminalProofHeadersAreParsedWithoutFailingAndOnlyTheGenuineSignatureMatches(
            @ForAll("headerValues") String timestamp, @ForAll("headerValues") String nonce, @ForAll("headerValues") String signature) {
        TerminalProof.parseTimestamp(timestamp);
        TerminalProof.isWellFormedNonce(nonce);
        TerminalProof.decodeSecret(signature);
        assertThat(TerminalProof.matches(SECRET, "POST", "/v1/terminal/approvals", GENUINE.timestamp(), GENUINE.nonce(), BODY, signature))
                .isEqualTo(Arrays.equals(TerminalProof.decodeSecret(signature), TerminalProof.decodeSecret(GENUINE.signature())));
        assertThat(TerminalProof.matches(SECRET, "POST", "/v1/terminal/approvals", timestamp, nonce, BODY, GENUINE.signature()))
                .isEqualTo(timestamp.equals(GENUINE.timestamp()) && nonce.equals(GENUINE.nonce()));
    }

    // ---- generators

    @Provide
    Arbitrary<Class<?>> recordTypes() {
        return Arbitraries.of(RECORDS);
    }

    static final List<String> FIELDS = RECORDS.stream().flatMap(ParserFuzzTest::fieldsOf).distinct().toList();

    static Stream<String> fieldsOf(Class<?> type) {
        return type.isRecord() ? Arrays.stream(type.getRecordComponents()).map(c -> c.getName()) : Stream.of();
    }

    /** An object with exactly the record's own fields (some left out), each holding any JSON value. */
    @Provide
    Arbitrary<Tuple2<Class<?>, String>> shapedBodies() {
        return Arbitraries.of(RECORDS).flatMap(type -> {
            List<String> fields = fieldsOf(type).toList();
            return json(2).list().ofSize(fields.size()).flatMap(values -> Arbitraries.integers().between(0, (1 << Math.min(fields.size(), 20)) - 1)
                    .map(omitted -> {
                        var sb = new StringBuilder("{");
                        for (int i = 0; i < fields.size(); i++) {
                            if (i < 20 && (omitted & (1 << i)) != 0 && (omitted & 1) == 1) continue;
                            if (sb.length() > 1) sb.append(',');
                            sb.append(quote(fields.get(i))).append(':').append(values.get(i));
                        }
                        return Tuple.<Class<?>, String>of(type, sb.append('}').toString());
                    }));
        });
    }

    @Provide
    Arbitrary<String> anyJson() {
        return json(3);
    }

    /** Any JSON value up to {@code depth} levels of objects and arrays, with the wire's own field names as keys. */
    static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("null", "true", "false", "0", "-1", "1", "100", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                        "1e400", "-1e400", "12.5", "-0", "1E2", "0.0"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(30).map(ParserFuzzTest::quote),
                Arbitraries.of("JPY", "USD", "jpy", "XXX", "", "2026-11-24T12:00:00Z", "2026-13-45T99:99:99Z", "credit", "prepaid", "points",
                        "apv_x", "' OR 1=1 --", "\u202E", "\uD800", "a\u0000b").map(ParserFuzzTest::quote));
        if (depth == 0) return scalar;
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> array = inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> object = Combinators.combine(key, inner).as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(6)
                .map(members -> "{" + String.join(",", members) + "}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(3, object));
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), Arbitraries.strings().numeric().ofMaxLength(14),
                Arbitraries.strings().withChars("0123456789-:TZ+.").ofMaxLength(30),
                Arbitraries.of(GENUINE.timestamp(), GENUINE.nonce(), GENUINE.signature(), GENUINE.signature() + "=", "1795555800",
                        "2026-11-24T12:00:00+25:00", "+999999999-12-31T23:59:59Z", "9".repeat(12)));
    }

    static String quote(String s) {
        return BadInputEndToEndTest.quote(s);
    }
}
