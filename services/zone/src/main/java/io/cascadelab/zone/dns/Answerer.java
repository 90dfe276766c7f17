package io.cascadelab.zone.dns;

import java.io.IOException;
import java.util.Map;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Authoritative answers from the snapshot: wire query in, wire response out. No I/O, no database.
 */
final class Answerer {

    static final int UDP_DEFAULT_PAYLOAD = 512;
    static final int UDP_MAX_PAYLOAD = 4096;
    static final int TCP = -1;

    private final DnsSnapshot snapshot;
    private final int maxCnameChain;
    private final int maxCachedAnswers;

    Answerer(DnsSnapshot snapshot, int maxCnameChain, int maxCachedAnswers) {
        this.snapshot = snapshot;
        this.maxCnameChain = maxCnameChain;
        this.maxCachedAnswers = maxCachedAnswers;
    }

    /** Cache key: the question in lower case, the type, and the response size limit / EDNS presence. */
    private record Key(String name, int type, int limit, boolean edns) {
    }

    private record Rendered(byte[] wire, int rcode) {
    }

    /** The response and its rcode; {@code wire == null} means send nothing (e.g. the packet was a response). */
    record Answer(byte[] wire, int rcode) {
    }

    /**
     * Answers from the snapshot's cache of rendered answers when the query is a plain one (one question,
     * class IN, at most a version-0 OPT): the cached wire gets the query's id, RD bit and question bytes
     * (so the name's case is echoed). Anything else, and every first sighting, takes the full path.
     *
     * @param udpLimit the client's UDP payload limit, or {@link #TCP}
     */
    Answer answer(byte[] packet, int length, int udpLimit) {
        DnsSnapshot.State state = snapshot.state();
        Key key = maxCachedAnswers > 0 ? plainQueryKey(packet, length, udpLimit) : null;
        if (key == null) {
            return answer(state, packet, length, udpLimit);
        }
        Rendered cached = (Rendered) state.answers().get(key);
        if (cached == null) {
            Answer fresh = answer(state, packet, length, udpLimit);
            if (fresh.wire() != null && state.answers().size() < maxCachedAnswers) {
                state.answers().putIfAbsent(key, new Rendered(fresh.wire().clone(), fresh.rcode()));
            }
            return fresh;
        }
        byte[] wire = cached.wire().clone();
        wire[0] = packet[0];
        wire[1] = packet[1];
        wire[2] = (byte) ((wire[2] & ~Flags_RD) | (packet[2] & Flags_RD));
        System.arraycopy(packet, 12, wire, 12, key.name().length() + 1);
        return new Answer(wire, cached.rcode());
    }

    private static final int Flags_RD = 0x01;

    /** The cache key of a plain query, or null when the query needs the full parser. */
    private static Key plainQueryKey(byte[] p, int length, int udpLimit) {
        if (length < 17 || (p[2] & 0xF8) != 0 // QR=0, opcode QUERY, AA/TC clear
                || u16(p, 4) != 1 || u16(p, 6) != 0 || u16(p, 8) != 0 || u16(p, 10) > 1) {
            return null;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder(64);
        while (true) {
            if (pos >= length) {
                return null;
            }
            int labelLength = p[pos] & 0xff;
            if (labelLength == 0) {
                break;
            }
            if (labelLength > 63 || pos + 1 + labelLength > length || name.length() + labelLength + 1 > 254) {
                return null; // compression pointer or malformed: let the full parser decide
            }
            name.append((char) labelLength);
            for (int i = pos + 1; i <= pos + labelLength; i++) {
                int c = p[i] & 0xff;
                name.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
            }
            pos += 1 + labelLength;
        }
        // name.length() + 1 (the root label) is the question name's wire length
        pos++;
        if (pos + 4 > length) {
            return null;
        }
        int type = u16(p, pos);
        int dclass = u16(p, pos + 2);
        pos += 4;
        if (dclass != DClass.IN || type == Type.AXFR || type == Type.IXFR || type == Type.OPT) {
            return null;
        }
        boolean edns = u16(p, 10) == 1;
        int limit = udpLimit;
        if (edns) {
            // exactly one OPT RR owned by the root, EDNS version 0, and nothing after it
            if (pos + 11 > length || p[pos] != 0 || u16(p, pos + 1) != Type.OPT || (p[pos + 6] & 0xff) != 0) {
                return null;
            }
            int rdLength = u16(p, pos + 9);
            if (pos + 11 + rdLength != length) {
                return null;
            }
            if (udpLimit != TCP) {
                limit = Math.max(UDP_DEFAULT_PAYLOAD, Math.min(u16(p, pos + 3), UDP_MAX_PAYLOAD));
            }
        } else {
            if (pos != length) {
                return null;
            }
            if (udpLimit != TCP) {
                limit = UDP_DEFAULT_PAYLOAD;
            }
        }
        return new Key(name.toString(), type, limit, edns);
    }

    private static int u16(byte[] p, int offset) {
        return ((p[offset] & 0xff) << 8) | (p[offset + 1] & 0xff);
    }

    private Answer answer(DnsSnapshot.State state, byte[] packet, int length, int udpLimit) {
        Message query;
        try {
            query = new Message(java.nio.ByteBuffer.wrap(packet, 0, length));
        } catch (IOException | RuntimeException e) {
            return formErr(packet, length);
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return new Answer(null, -1);
        }
        Message response = new Message(header.getID());
        Header out = response.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(header.getOpcode());
        if (header.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        OPTRecord opt = query.getOPT();
        int limit = udpLimit;
        if (udpLimit != TCP) {
            limit = opt == null ? UDP_DEFAULT_PAYLOAD
                    : Math.max(UDP_DEFAULT_PAYLOAD, Math.min(opt.getPayloadSize(), UDP_MAX_PAYLOAD));
        }
        if (opt != null) {
            response.addRecord(new OPTRecord(UDP_MAX_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return finish(response, Rcode.NOTIMP, limit);
        }
        Record question = query.getQuestion();
        if (question == null || header.getCount(Section.QUESTION) != 1
                || header.getCount(Section.ANSWER) != 0 || header.getCount(Section.AUTHORITY) != 0) {
            return finish(response, Rcode.FORMERR, limit);
        }
        response.addRecord(question, Section.QUESTION);
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return finish(response, Rcode.REFUSED, limit);
        }
        int qtype = question.getType();
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            return finish(response, Rcode.REFUSED, limit);
        }
        ZoneData zone = state.find(question.getName());
        if (zone == null || zone.soa() == null) {
            return finish(response, Rcode.REFUSED, limit);
        }
        out.setFlag(Flags.AA);
        Name current = question.getName();
        for (int hop = 0; ; hop++) {
            Map<Integer, Record[]> node = zone.nodes().get(current);
            if (node == null) {
                response.addRecord(zone.negativeSoa(), Section.AUTHORITY);
                return finish(response, zone.isEmptyNonTerminal(current) ? Rcode.NOERROR : Rcode.NXDOMAIN, limit);
            }
            if (qtype == Type.ANY) {
                node.values().forEach(records -> add(response, records));
                return finish(response, Rcode.NOERROR, limit);
            }
            Record[] records = node.get(qtype);
            if (records != null) {
                add(response, records);
                return finish(response, Rcode.NOERROR, limit);
            }
            Record[] cname = node.get(Type.CNAME);
            if (cname == null || cname.length == 0) {
                response.addRecord(zone.negativeSoa(), Section.AUTHORITY);
                return finish(response, Rcode.NOERROR, limit);
            }
            add(response, cname);
            Name target = ((CNAMERecord) cname[0]).getTarget();
            if (!target.subdomain(zone.origin()) || hop + 1 >= maxCnameChain) {
                // out of zone (the resolver continues from here) or too long a chain
                return finish(response, Rcode.NOERROR, limit);
            }
            current = target;
        }
    }

    private static void add(Message response, Record[] records) {
        for (Record record : records) {
            response.addRecord(record, Section.ANSWER);
        }
    }

    private static Answer finish(Message response, int rcode, int limit) {
        response.getHeader().setRcode(rcode);
        byte[] wire = limit == TCP ? response.toWire() : response.toWire(limit);
        return new Answer(wire, rcode);
    }

    private static Answer formErr(byte[] packet, int length) {
        if (length < 2) {
            return new Answer(null, -1);
        }
        if (length >= 3 && (packet[2] & 0x80) != 0) {
            return new Answer(null, -1); // a response, not a query: never answer it
        }
        Message response = new Message(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.FORMERR);
        return new Answer(response.toWire(), Rcode.FORMERR);
    }
}
