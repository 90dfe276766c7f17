package io.cascadelab.zone.records;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The record types this zone supports and how their values are checked. Values are parsed with dnsjava in
 * presentation format (relative names are taken as absolute, as Route 53 does).
 */
public final class RecordTypes {

    /** Types Route 53 knows about but this stand-in does not serve; rejected with a clear InvalidInput. */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("SPF", "NAPTR", "DS", "HTTPS", "SVCB", "TLSA",
            "SSHFP");

    public static final Set<String> SUPPORTED = Set.of("A", "AAAA", "CNAME", "TXT", "NS", "SOA", "MX", "SRV",
            "PTR", "CAA");

    public static final long MAX_TTL = 2_147_483_647L;

    private RecordTypes() {
    }

    public static boolean isKnownButUnsupported(String type) {
        return KNOWN_UNSUPPORTED.contains(type);
    }

    /** Problems with a record set's values, in Route 53's wording where it has one; empty when valid. */
    public static List<String> problems(RecordSet set) {
        List<String> problems = new ArrayList<>();
        if (set.values().isEmpty()) {
            problems.add("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], "
                    + "or TrafficPolicyInstanceId], but found none in Change with [Action=?, Name=" + set.name()
                    + ", Type=" + set.type() + ", SetIdentifier=null]");
            return problems;
        }
        if (("CNAME".equals(set.type()) || "SOA".equals(set.type())) && set.values().size() > 1) {
            problems.add("RRSet of type " + set.type() + " with DNS name " + set.name()
                    + " can contain only one resource record.");
        }
        Set<String> seen = new HashSet<>();
        for (String value : set.values()) {
            String problem = valueProblem(set.type(), value);
            if (problem != null) {
                problems.add("Invalid Resource Record: 'FATAL problem: " + problem + " encountered with '" + value + "''");
            } else if (!seen.add(canonicalValue(set.type(), value))) {
                problems.add("Duplicate Resource Record: '" + value + "'");
            }
        }
        return problems;
    }

    private static String valueProblem(String type, String value) {
        if (value == null || value.isBlank()) {
            return "EmptyValue (Value must not be empty)";
        }
        if ("A".equals(type) && Address.toByteArray(value.trim(), Address.IPv4) == null) {
            return "ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)";
        }
        if ("AAAA".equals(type) && Address.toByteArray(value.trim(), Address.IPv6) == null) {
            return "AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address)";
        }
        try {
            toRecord(Name.root, type, 0, value);
            return null;
        } catch (IOException | RuntimeException e) {
            return type + "RRDATAInvalid (" + e.getMessage() + ")";
        }
    }

    /** A value in a form that compares equal when Route 53 would consider two values the same record. */
    public static String canonicalValue(String type, String value) {
        try {
            return toRecord(Name.root, type, 0, value).rdataToString().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException | RuntimeException e) {
            return value.trim();
        }
    }

    public static Record toRecord(Name owner, String type, long ttl, String value) throws IOException {
        return Record.fromString(owner, Type.value(type), DClass.IN, ttl, value.trim(), Name.root);
    }
}
