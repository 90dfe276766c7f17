package io.cascadelab.zone.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Name handling the way Route 53 does it: absolute, lower case, trailing dot; ordered by reversed labels. */
public final class DnsNames {

    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private DnsNames() {
    }

    /** Parses and canonicalises a name; {@code null} when it is not a valid DNS name. */
    public static Name parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Name.fromString(text.trim(), Name.root).canonicalize();
        } catch (TextParseException e) {
            return null;
        }
    }

    public static String canonical(Name name) {
        return name.toString();
    }

    /**
     * The key Route 53 sorts record sets by: labels from the root down ("com.example.www"), compared
     * label by label, so a name sorts directly before its subdomains.
     */
    public static String sortKey(String canonicalName) {
        Name name = parse(canonicalName);
        StringBuilder key = new StringBuilder(canonicalName.length());
        for (int i = name.labels() - 2; i >= 0; i--) {
            key.append(name.getLabelString(i));
            if (i > 0) {
                key.append('\u0001');
            }
        }
        return key.toString();
    }

    /** Is {@code name} the zone apex or below it? */
    public static boolean inZone(Name name, Name zone) {
        return name.subdomain(zone);
    }

    /** A Route 53-shaped id: a prefix letter and {@code length} upper-case alphanumerics derived from the seed. */
    public static String derivedId(char prefix, String seed, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder(length + 1).append(prefix);
            for (int i = 0; i < length; i++) {
                id.append(ID_ALPHABET.charAt((digest[i] & 0xff) % ID_ALPHABET.length()));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
