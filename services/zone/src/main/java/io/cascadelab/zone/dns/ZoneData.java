package io.cascadelab.zone.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cascadelab.zone.records.DnsNames;
import io.cascadelab.zone.records.RecordSet;
import io.cascadelab.zone.records.RecordTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone as DNS serves it: immutable. A change batch produces a new instance (copy on write), so a query
 * always sees one serial's data, never half a batch.
 *
 * @param nodes     owner name → type → records
 * @param interior  names that have no records but have descendants that do (empty non-terminals answer
 *                  NODATA, not NXDOMAIN), with how many owner names keep each alive
 */
record ZoneData(String zoneId, Name origin, long serial, SOARecord soa, SOARecord negativeSoa,
                Map<Name, Map<Integer, Record[]>> nodes, Map<Name, Integer> interior, int recordSets) {

    private static final Logger log = LoggerFactory.getLogger(ZoneData.class);

    static ZoneData empty(String zoneId, Name origin) {
        return new ZoneData(zoneId, origin, 0, null, null, Map.of(), Map.of(), 0);
    }

    boolean isEmptyNonTerminal(Name name) {
        return interior.containsKey(name);
    }

    /** A new zone with the given record sets replaced (present) or removed (empty). */
    ZoneData with(long newSerial, Map<RecordSet.Key, Optional<RecordSet>> changes) {
        Map<Name, Map<Integer, Record[]>> newNodes = new HashMap<>(nodes);
        Map<Name, Integer> newInterior = new HashMap<>(interior);
        int sets = recordSets;
        for (Map.Entry<RecordSet.Key, Optional<RecordSet>> entry : changes.entrySet()) {
            Name owner = DnsNames.parse(entry.getKey().name());
            int type = Type.value(entry.getKey().type());
            Map<Integer, Record[]> before = newNodes.get(owner);
            Map<Integer, Record[]> after = before == null ? new HashMap<>() : new HashMap<>(before);
            if (after.remove(type) != null) {
                sets--;
            }
            entry.getValue().ifPresent(set -> after.put(type, records(owner, set)));
            if (after.containsKey(type)) {
                sets++;
            }
            if (after.isEmpty()) {
                if (newNodes.remove(owner) != null) {
                    adjustAncestors(newInterior, owner, -1);
                }
            } else {
                if (newNodes.put(owner, Map.copyOf(after)) == null) {
                    adjustAncestors(newInterior, owner, +1);
                }
            }
        }
        SOARecord newSoa = null;
        Map<Integer, Record[]> apex = newNodes.get(origin);
        if (apex != null && apex.get(Type.SOA) != null) {
            newSoa = (SOARecord) apex.get(Type.SOA)[0];
        }
        SOARecord negative = newSoa == null ? null : new SOARecord(newSoa.getName(), newSoa.getDClass(),
                Math.min(newSoa.getTTL(), newSoa.getMinimum()), newSoa.getHost(), newSoa.getAdmin(),
                newSoa.getSerial(), newSoa.getRefresh(), newSoa.getRetry(), newSoa.getExpire(), newSoa.getMinimum());
        return new ZoneData(zoneId, origin, newSerial, newSoa, negative, newNodes, newInterior, sets);
    }

    private void adjustAncestors(Map<Name, Integer> counts, Name owner, int delta) {
        Name current = owner;
        while (current.labels() > origin.labels() + 1) {
            current = new Name(current, 1);
            if (!current.subdomain(origin) || current.equals(origin)) {
                break;
            }
            int count = counts.getOrDefault(current, 0) + delta;
            if (count <= 0) {
                counts.remove(current);
            } else {
                counts.put(current, count);
            }
        }
    }

    private static Record[] records(Name owner, RecordSet set) {
        List<Record> list = new ArrayList<>(set.values().size());
        for (String value : set.values()) {
            try {
                list.add(RecordTypes.toRecord(owner, set.type(), set.ttl(), value));
            } catch (Exception e) {
                // validated before commit; a value that still fails to parse is logged, not served
                log.warn("cannot serve {} {} value '{}': {}", set.name(), set.type(), value, e.getMessage());
            }
        }
        return list.toArray(new Record[0]);
    }
}
