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

    Answerer(DnsSnapshot snapshot, int maxCnameChain) {
        this.snapshot = snapshot;
        this.maxCnameChain = maxCnameChain;
    }

    /** The response and its rcode; {@code wire == null} means send nothing (e.g. the packet was a response). */
    record Answer(byte[] wire, int rcode) {
    }

    /** @param udpLimit the client's UDP payload limit, or {@link #TCP} */
    Answer answer(byte[] packet, int length, int udpLimit) {
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
        ZoneData zone = snapshot.find(question.getName());
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
