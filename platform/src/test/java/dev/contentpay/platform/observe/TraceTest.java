package dev.contentpay.platform.observe;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTest {

    private static final String ID = "0af7651916cd43dd8448eb211c80319c";
    /** W3C Trace Context, version 00, as a regular expression: the reference the hand-written reader must agree with. */
    private static final Pattern REFERENCE = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    @Test
    void aWellFormedTraceparentGivesItsTraceId() {
        assertThat(Trace.traceIdOf("00-" + ID + "-b7ad6b7169203331-01")).isEqualTo(ID);
        assertThat(Trace.traceIdOf("  00-" + ID + "-b7ad6b7169203331-00 ")).isEqualTo(ID);
    }

    @Test
    void aMalformedOrAllZeroTraceparentGivesANewTraceId() {
        for (String bad : new String[] {null, "", "01-" + ID + "-b7ad6b7169203331-01", "00-" + ID.toUpperCase() + "-b7ad6b7169203331-01",
                "00-" + "0".repeat(32) + "-b7ad6b7169203331-01", "00-" + ID + "-0000000000000000-01", "00-" + ID + "-b7ad6b7169203331-1",
                "00-" + ID + "_b7ad6b7169203331-01", "00-" + ID + "-b7ad6b7169203331-01-extra"}) {
            String id = Trace.traceIdOf(bad);
            assertThat(id).as(String.valueOf(bad)).matches("[0-9a-f]{32}").isNotEqualTo(ID).isNotEqualTo("0".repeat(32));
        }
    }

    @Test
    void newIdsAreHexOfTheirLengthAndDoNotRepeat() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String id = Trace.newTraceId();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(Trace.traceparent(ID)).matches("00-" + ID + "-[0-9a-f]{16}-01").doesNotContain("-0000000000000000-");
    }

    @Property(tries = 500)
    void theReaderAgreesWithTheRegularExpression(@ForAll("traceparents") String header) {
        var m = REFERENCE.matcher(header.trim());
        boolean valid = m.matches() && !m.group(1).equals("0".repeat(32)) && !m.group(2).equals("0".repeat(16));
        String id = Trace.traceIdOf(header);
        if (valid) assertThat(id).isEqualTo(m.group(1));
        else assertThat(id).matches("[0-9a-f]{32}");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> traceparents() {
        var hex = net.jqwik.api.Arbitraries.strings().withChars("0123456789abcdefA-_ x");
        return net.jqwik.api.Combinators.combine(hex.ofLength(2), hex.ofLength(32), hex.ofLength(16), hex.ofLength(2),
                net.jqwik.api.Arbitraries.of("-", "_"), net.jqwik.api.Arbitraries.of("", " ", "-00"))
                .as((v, t, s, f, sep, tail) -> v + sep + t + "-" + s + sep + f + tail);
    }
}
