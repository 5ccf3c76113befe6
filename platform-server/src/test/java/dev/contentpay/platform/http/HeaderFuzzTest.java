package dev.contentpay.platform.http;

import dev.contentpay.platform.error.ContentpayException;
import dev.contentpay.platform.error.ErrorCode;
import dev.contentpay.platform.observe.Trace;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the headers every server reads before any handler (docs/RELIABILITY.md): an
 * Idempotency-Key is either accepted as 1 to 255 visible ASCII characters or refused with
 * {@code idempotency_key_missing} / {@code validation_failed}; a traceparent never fails a
 * request, and the trace id taken from it is always 32 lowercase hex digits.
 */
class HeaderFuzzTest {

    @Property
    void anIdempotencyKeyIsAcceptedExactlyWhenItIsVisibleAscii(@ForAll("headerValues") String value) {
        boolean visible = !value.isBlank() && value.length() <= 255 && value.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
        try {
            assertThat(Idempotency.validKey(value)).isEqualTo(value);
            assertThat(visible).as("accepted " + value).isTrue();
        } catch (ContentpayException refused) {
            assertThat(visible).as("refused " + value).isFalse();
            assertThat(refused.code()).isIn(ErrorCode.IDEMPOTENCY_KEY_MISSING, ErrorCode.VALIDATION_FAILED);
        }
    }

    @Property
    void aTraceparentYieldsAWellFormedTraceIdWhateverItHolds(@ForAll("traceparents") String value) {
        assertThat(Trace.traceIdOf(value)).matches("[0-9a-f]{32}");
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(300), Arbitraries.strings().ascii().ofMaxLength(300),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(250).ofMaxLength(260), Arbitraries.of("", " ", "\t", "a b", "\u0000"));
    }

    @Provide
    Arbitrary<String> traceparents() {
        Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(0).ofMaxLength(34);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100),
                net.jqwik.api.Combinators.combine(hex, hex, hex).as((a, b, c) -> "00-" + a + "-" + b + "-" + c),
                Arbitraries.of("00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01", "ff-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01"));
    }
}
