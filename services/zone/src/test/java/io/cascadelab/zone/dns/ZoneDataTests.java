package io.cascadelab.zone.dns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cascadelab.zone.records.RecordSet;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;

class ZoneDataTests {

    private static final Name ORIGIN = Name.fromConstantString("cascade.test.");

    @Test
    void emptyNonTerminalsAppearWithTheirDescendantsAndVanishWithTheLastOne() {
        ZoneData zone = ZoneData.empty("Z1", ORIGIN).with(1, changes(
                set("cascade.test.", "SOA", "ns. host. 1 7200 900 1209600 60"),
                set("a.b.c.cascade.test.", "A", "10.0.0.1"),
                set("x.b.c.cascade.test.", "A", "10.0.0.2")));
        assertThat(zone.isEmptyNonTerminal(Name.fromConstantString("b.c.cascade.test."))).isTrue();
        assertThat(zone.isEmptyNonTerminal(Name.fromConstantString("c.cascade.test."))).isTrue();

        ZoneData one = zone.with(2, Map.of(new RecordSet.Key("a.b.c.cascade.test.", "A"), Optional.empty()));
        assertThat(one.isEmptyNonTerminal(Name.fromConstantString("b.c.cascade.test."))).isTrue();
        ZoneData none = one.with(3, Map.of(new RecordSet.Key("x.b.c.cascade.test.", "A"), Optional.empty()));
        assertThat(none.isEmptyNonTerminal(Name.fromConstantString("b.c.cascade.test."))).isFalse();
        assertThat(none.isEmptyNonTerminal(Name.fromConstantString("c.cascade.test."))).isFalse();
        assertThat(none.recordSets()).isEqualTo(1);

        // earlier versions are untouched: readers holding them see a consistent zone
        assertThat(zone.nodes().get(Name.fromConstantString("a.b.c.cascade.test."))).isNotNull();
        assertThat(zone.recordSets()).isEqualTo(3);
    }

    @Test
    void negativeSoaTtlIsTheSmallerOfSoaTtlAndMinimum() {
        ZoneData zone = ZoneData.empty("Z1", ORIGIN).with(1, changes(
                new RecordSet("cascade.test.", "SOA", 900, List.of("ns. host. 7 7200 900 1209600 45"))));
        assertThat(zone.negativeSoa().getTTL()).isEqualTo(45);
        assertThat(zone.soa().getSerial()).isEqualTo(7);
        assertThat(zone.nodes().get(ORIGIN).get(Type.SOA)).hasSize(1);
    }

    @Test
    void manyVersionsOfALargeZoneShareUntouchedShards() {
        Map<RecordSet.Key, Optional<RecordSet>> bulk = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            RecordSet s = set("h" + i + ".cascade.test.", "A", "10.0.0.1");
            bulk.put(s.key(), Optional.of(s));
        }
        ZoneData big = ZoneData.empty("Z1", ORIGIN).with(1, bulk);
        ZoneData next = big.with(2, changes(set("h5.cascade.test.", "A", "10.9.9.9")));
        assertThat(next.recordSets()).isEqualTo(20_000);
        assertThat(next.nodes().size()).isEqualTo(20_000);
        assertThat(big.nodes().get(Name.fromConstantString("h5.cascade.test.")).get(Type.A)[0].rdataToString())
                .isEqualTo("10.0.0.1");
        assertThat(next.nodes().get(Name.fromConstantString("h5.cascade.test.")).get(Type.A)[0].rdataToString())
                .isEqualTo("10.9.9.9");
    }

    private static RecordSet set(String name, String type, String value) {
        return new RecordSet(name, type, 60, List.of(value));
    }

    private static Map<RecordSet.Key, Optional<RecordSet>> changes(RecordSet... sets) {
        Map<RecordSet.Key, Optional<RecordSet>> map = new LinkedHashMap<>();
        for (RecordSet s : sets) {
            map.put(s.key(), Optional.of(s));
        }
        return map;
    }
}
