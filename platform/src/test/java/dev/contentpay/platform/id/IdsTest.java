package dev.contentpay.platform.id;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Property
    void idsMadeLaterSortAfterAsBytes(@ForAll @LongRange(min = 0, max = (1L << 48) - 2) long millis,
                                      @ForAll @LongRange(min = 1, max = 1L << 20) long later) {
        long then = Math.min(millis + later, (1L << 48) - 1);
        String first = Ids.random("apv", millis);
        String second = Ids.random("apv", then);
        assertThat(second.compareTo(first)).isPositive(); // String.compareTo on ASCII is the byte order databases use
    }

    @Test
    void anIdIsItsPrefixEightTimeCharactersAnd128RandomBitsAllWellFormed() {
        String id = Ids.random("stl");
        assertThat(id).startsWith("stl_").hasSize(4 + 8 + 22);
        assertThat(Ids.isWellFormed(id)).isTrue();
        var seen = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) seen.add(Ids.random("x", 1_700_000_000_000L).substring(10));
        assertThat(seen).hasSize(10_000); // the same millisecond still gives distinct ids
    }

    @Test
    void aSortableTokenIsEightTimeCharactersThenItsRandomBytes() {
        String earlier = Ids.sortableToken(1_700_000_000_000L, 18);
        String later = Ids.sortableToken(1_700_000_000_001L, 18);
        assertThat(earlier).hasSize(8 + 24).matches("[A-Za-z0-9_-]+");
        assertThat(later.compareTo(earlier)).isPositive();
    }

    @Test
    void theTimeWrittenInAnIdIsReadBack() {
        long millis = java.time.Instant.parse("2026-12-06T09:00:00.123Z").toEpochMilli();
        assertThat(Ids.timeOf(Ids.random("evt", millis))).hasValue(millis);
        assertThat(Ids.timeOf("evt_" + Ids.sortableToken(millis, 16))).hasValue(millis);
        for (String none : new String[]{"evt_none", "no-prefix-at-all", "evt_*0000000", "", "_"}) {
            assertThat(Ids.timeOf(none)).as(none).isEmpty();
        }
    }

    @Test
    void uniqueIdsHaveTheFormOfRandomOnesCarryTheTimeAndDoNotRepeat() {
        long before = System.currentTimeMillis();
        var seen = new java.util.HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.unique("req");
            assertThat(id).matches("req_[-0-9A-Z_a-z]{30}");
            assertThat(Ids.isWellFormed(id)).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
        String id = Ids.unique("req");
        assertThat(id).hasSameSizeAs(Ids.random("req"));
        assertThat(Ids.timeOf(id).getAsLong()).isBetween(before, System.currentTimeMillis());
    }
}
