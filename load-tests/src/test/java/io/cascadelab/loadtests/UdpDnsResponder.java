package io.cascadelab.loadtests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS responder for one zone, over UDP on a random loopback port (never 53): answers from
 * the records a test sets (the records stored under the question's name whose type is the question's type,
 * plus any CNAME stored there), NXDOMAIN with the SOA for unknown names, NODATA with the SOA for known names
 * without such records; or SERVFAIL to everything, or silence. It records every question it was asked.
 */
final class UdpDnsResponder implements AutoCloseable {

    enum Mode { ANSWER, SERVFAIL, SILENT }

    private final DatagramSocket socket;
    private final Name zone;
    private final SOARecord soa;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final List<Record> questions = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile Mode mode = Mode.ANSWER;
    private volatile boolean running = true;

    UdpDnsResponder(Name zone, SOARecord soa) throws IOException {
        this.zone = zone;
        this.soa = soa;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.thread = new Thread(this::serve, "test-dns-responder");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    void set(Name name, Record... rrs) {
        records.put(name, List.of(rrs));
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /** Every question received, in order. */
    List<Record> questions() {
        return List.copyOf(questions);
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                questions.add(query.getQuestion());
                if (mode == Mode.SILENT) {
                    continue;
                }
                byte[] answer = answer(query).toWire();
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (mode == Mode.SERVFAIL) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        if (!question.getName().subdomain(zone)) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        List<Record> rrs = records.get(question.getName());
        if (rrs == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(soa, Section.AUTHORITY);
            return response;
        }
        List<Record> matching = rrs.stream()
                .filter(rr -> rr.getType() == question.getType() || rr.getType() == Type.CNAME)
                .toList();
        if (matching.stream().noneMatch(rr -> rr.getType() == question.getType())) {
            response.addRecord(soa, Section.AUTHORITY);
        }
        matching.forEach(rr -> response.addRecord(rr, Section.ANSWER));
        return response;
    }

    @Override
    public void close() {
        running = false;
        socket.close();
        thread.interrupt();
    }
}
