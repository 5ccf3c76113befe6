package dev.contentpay.platform.http;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Range parser held to a reference that knows nothing of its arithmetic: the set of byte
 * positions a range names, counted one by one. A well-formed single range is the part from the
 * first to the last position in that set, or unsatisfiable when the set is empty; anything else
 * is the whole content.
 */
class ByteRangesTest {

    /** A range form and its numbers, with the header written from them. */
    record Spec(String form, long a, long b) {
        String header() {
            return switch (form) {
                case "a-b" -> "bytes=" + a + "-" + b;
                case "a-" -> "bytes=" + a + "-";
                default -> "bytes=-" + a;
            };
        }

        /** Whether position {@code i} of a content of {@code length} bytes is in the range, by RFC 9110 14.1.2's words. */
        boolean covers(long i, long length) {
            return switch (form) {
                case "a-b" -> i >= a && i <= b;
                case "a-" -> i >= a;
                default -> i >= length - a;
            };
        }
    }

    @Property(tries = 2000)
    void aSingleRangeIsTheSpanOfThePositionsItNames(@ForAll("specs") Spec spec, @ForAll @IntRange(max = 40) int length) {
        ByteRanges.Outcome outcome = ByteRanges.parse(spec.header(), length);
        if (spec.form().equals("a-b") && spec.b() < spec.a()) {
            assertThat(outcome).isInstanceOf(ByteRanges.Whole.class);
            return;
        }
        long[] named = LongStream.range(0, length).filter(i -> spec.covers(i, length)).toArray();
        if (named.length == 0) {
            assertThat(outcome).as(spec.header() + " of " + length).isInstanceOf(ByteRanges.Unsatisfiable.class);
        } else {
            assertThat(outcome).as(spec.header() + " of " + length).isEqualTo(new ByteRanges.Part(named[0], named[named.length - 1]));
        }
    }

    @Property
    void positionsTooLargeForALongAreBeyondAnyContent(@ForAll @LongRange(min = 1, max = 1L << 40) long length,
                                                       @ForAll @IntRange(min = 19, max = 60) int digits) {
        String huge = "9".repeat(digits);
        assertThat(ByteRanges.parse("bytes=" + huge + "-", length)).isInstanceOf(ByteRanges.Unsatisfiable.class);
        assertThat(ByteRanges.parse("bytes=0-" + huge, length)).isEqualTo(new ByteRanges.Part(0, length - 1));
        assertThat(ByteRanges.parse("bytes=-" + huge, length)).isEqualTo(new ByteRanges.Part(0, length - 1));
    }

    @Property(tries = 2000)
    void whateverTheHeaderSaysAPartLiesWithinTheContent(@ForAll("headers") String header, @ForAll @IntRange(max = 100) int length) {
        if (ByteRanges.parse(header, length) instanceof ByteRanges.Part part) {
            assertThat(part.first()).isBetween(0L, length - 1L);
            assertThat(part.last()).isBetween(part.first(), length - 1L);
        }
    }

    @Example
    void severalRangesOtherUnitsAndMalformedOnesAreAnsweredWhole() {
        for (String header : new String[]{"bytes=0-1,4-5", "items=0-1", "bytes=a-b", "bytes=-", "bytes=5", "bytes=--3", "0-1", "bytes=1-+2"}) {
            assertThat(ByteRanges.parse(header, 10)).as(header).isInstanceOf(ByteRanges.Whole.class);
        }
        assertThat(ByteRanges.parse(null, 10)).isInstanceOf(ByteRanges.Whole.class);
    }

    @Example
    void theUnitIsCaseInsensitiveAndTheContentRangeNamesTheTotal() {
        var part = (ByteRanges.Part) ByteRanges.parse("Bytes=2-4", 10);
        assertThat(part.contentRange(10)).isEqualTo("bytes 2-4/10");
        assertThat(part.length()).isEqualTo(3);
        assertThat(ByteRanges.unsatisfiedRange(10)).isEqualTo("bytes */10");
    }

    @Example
    void ifRangeAllowsThePartOnlyForThisVeryTag() {
        String tag = ByteRanges.entityTag("AB12");
        assertThat(tag).isEqualTo("\"ab12\"");
        assertThat(ByteRanges.rangeAllowed(null, tag)).isTrue();
        assertThat(ByteRanges.rangeAllowed("\"ab12\"", tag)).isTrue();
        assertThat(ByteRanges.rangeAllowed("\"cd34\"", tag)).isFalse();
        assertThat(ByteRanges.rangeAllowed("W/\"ab12\"", tag)).as("a weak tag never validates a range").isFalse();
        assertThat(ByteRanges.rangeAllowed("Sun, 06 Dec 2026 09:00:00 GMT", tag)).isFalse();
    }

    @Example
    void ifNoneMatchComparesWeakly() {
        String tag = ByteRanges.entityTag("ab12");
        assertThat(ByteRanges.notModified(null, tag)).isFalse();
        assertThat(ByteRanges.notModified("*", tag)).isTrue();
        assertThat(ByteRanges.notModified("\"x\", W/\"ab12\"", tag)).isTrue();
        assertThat(ByteRanges.notModified("\"x\"", tag)).isFalse();
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<Long> numbers = Arbitraries.longs().between(0, 60);
        return Arbitraries.of("a-b", "a-", "-n").flatMap(form -> numbers.flatMap(a -> numbers.map(b -> new Spec(form, a, b))));
    }

    @Provide
    Arbitrary<String> headers() {
        Arbitrary<String> pieces = Arbitraries.of("bytes", "BYTES", "=", "-", ",", " ", "0", "1", "7", "99", "x", "18446744073709551616");
        return pieces.list().ofMaxSize(8).map(list -> String.join("", list));
    }
}
