package io.cascadelab.zone.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cascadelab.zone.records.Change;
import io.cascadelab.zone.records.DnsNames;
import io.cascadelab.zone.records.RecordSet;
import io.cascadelab.zone.records.RecordTypes;
import io.cascadelab.zone.records.Route53Error;
import org.w3c.dom.Element;
import org.xbill.DNS.Name;

/**
 * Reads a ChangeResourceRecordSetsRequest. Shape errors (missing or unknown fields, features this stand-in
 * does not implement) are InvalidInput; size limits and bad names are InvalidChangeBatch, as in Route 53.
 * Record values are checked later, against the zone, inside the transaction.
 */
final class ChangeBatchParser {

    /** Routing and alias features Route 53 has and this stand-in refuses rather than silently ignores. */
    private static final List<String> UNSUPPORTED = List.of("AliasTarget", "SetIdentifier", "Weight", "Region",
            "GeoLocation", "Failover", "MultiValueAnswer", "HealthCheckId", "TrafficPolicyInstanceId",
            "CidrRoutingConfig", "GeoProximityLocation");

    private final int maxResourceRecords;
    private final int maxValueCharacters;

    ChangeBatchParser(int maxResourceRecords, int maxValueCharacters) {
        this.maxResourceRecords = maxResourceRecords;
        this.maxValueCharacters = maxValueCharacters;
    }

    record Parsed(List<Change> changes, String comment) {
    }

    Parsed parse(byte[] body) {
        Element root = Xml.parse(body, "ChangeResourceRecordSetsRequest");
        Element batch = Xml.child(root, "ChangeBatch");
        if (batch == null) {
            throw Route53Error.invalidInput("Invalid request: Missing field 'ChangeBatch'");
        }
        List<Element> changeElements = Xml.children(Xml.child(batch, "Changes"), "Change");
        if (changeElements.isEmpty()) {
            throw Route53Error.invalidInput("1 validation error detected: Value '[]' at 'changeBatch.changes' failed "
                    + "to satisfy constraint: Member must have length greater than or equal to 1");
        }
        List<Change> changes = new ArrayList<>(changeElements.size());
        List<String> batchProblems = new ArrayList<>();
        int resourceRecords = 0;
        long valueCharacters = 0;
        int index = 0;
        for (Element element : changeElements) {
            index++;
            String where = "changeBatch.changes." + index + ".member";
            Change.Action action = action(Xml.text(element, "Action"), where);
            Element set = Xml.child(element, "ResourceRecordSet");
            if (set == null) {
                throw Route53Error.invalidInput("Invalid request: Missing field 'ResourceRecordSet' in " + where);
            }
            for (String feature : UNSUPPORTED) {
                if (Xml.child(set, feature) != null) {
                    throw Route53Error.invalidInput("Invalid request: " + feature + " in " + where
                            + " is not supported by this Route 53 stand-in (only simple routing, no alias records)");
                }
            }
            String rawName = Xml.text(set, "Name");
            if (rawName == null || rawName.isBlank()) {
                throw Route53Error.invalidInput("Invalid request: Missing field 'Name' in " + where);
            }
            String type = type(Xml.text(set, "Type"), where);
            String ttlText = Xml.text(set, "TTL");
            List<String> values = new ArrayList<>();
            for (Element record : Xml.children(Xml.child(set, "ResourceRecords"), "ResourceRecord")) {
                String value = Xml.text(record, "Value");
                if (value == null) {
                    throw Route53Error.invalidInput("Invalid request: Missing field 'Value' in " + where);
                }
                values.add(value);
                valueCharacters += (long) value.length() * (action == Change.Action.UPSERT ? 2 : 1);
            }
            resourceRecords += values.size() * (action == Change.Action.UPSERT ? 2 : 1);
            if (ttlText == null || values.isEmpty()) {
                throw Route53Error.invalidInput("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, "
                        + "and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action="
                        + action + ", Name=" + rawName + ", Type=" + type + ", SetIdentifier=null]");
            }
            long ttl = ttl(ttlText, where);
            Name name = DnsNames.parse(rawName);
            if (name == null) {
                batchProblems.add("FATAL problem: DomainNameInvalid (Domain name is not valid) encountered with '"
                        + rawName + "'");
                continue;
            }
            changes.add(new Change(action, new RecordSet(DnsNames.canonical(name), type, ttl, values)));
        }
        if (resourceRecords > maxResourceRecords) {
            batchProblems.add("Number of records limit of " + maxResourceRecords + " exceeded.");
        }
        if (valueCharacters > maxValueCharacters) {
            batchProblems.add("Number of characters in all Value elements limit of " + maxValueCharacters
                    + " exceeded.");
        }
        if (!batchProblems.isEmpty()) {
            throw Route53Error.invalidChangeBatch(batchProblems);
        }
        return new Parsed(changes, Xml.text(batch, "Comment"));
    }

    private static Change.Action action(String text, String where) {
        try {
            return Change.Action.valueOf(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw Route53Error.invalidInput("1 validation error detected: Value '" + text + "' at '" + where
                    + ".action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]");
        }
    }

    private static String type(String text, String where) {
        String type = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        if (RecordTypes.SUPPORTED.contains(type)) {
            return type;
        }
        if (RecordTypes.isKnownButUnsupported(type)) {
            throw Route53Error.invalidInput("Invalid request: record type " + type + " in " + where
                    + " is not supported by this Route 53 stand-in; supported: " + RecordTypes.SUPPORTED);
        }
        throw Route53Error.invalidInput("1 validation error detected: Value '" + text + "' at '" + where
                + ".resourceRecordSet.type' failed to satisfy constraint: Member must satisfy enum value set: "
                + RecordTypes.SUPPORTED);
    }

    private static long ttl(String text, String where) {
        try {
            long ttl = Long.parseLong(text.trim());
            if (ttl >= 0 && ttl <= RecordTypes.MAX_TTL) {
                return ttl;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Route53Error.invalidInput("1 validation error detected: Value '" + text + "' at '" + where
                + ".resourceRecordSet.TTL' failed to satisfy constraint: Member must have value between 0 and "
                + RecordTypes.MAX_TTL);
    }
}
