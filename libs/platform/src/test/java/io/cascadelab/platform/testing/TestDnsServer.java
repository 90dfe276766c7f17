package io.cascadelab.platform.testing;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A small authoritative server for client tests: answers from records the test sets, over UDP and TCP,
 * truncating UDP answers larger than 512 bytes, and counts queries per transport.
 */
public final class TestDnsServer implements AutoCloseable {

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Name zone;
    private final SOARecord soa;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public TestDnsServer(Name zone, SOARecord soa) throws IOException {
        this.zone = zone;
        this.soa = soa;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.tcp = new ServerSocket(0, 50, loopback);
        this.udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()));
        start("udp", this::serveUdp);
        start("tcp", this::serveTcp);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort());
    }

    public void set(Name name, List<Record> rrs) {
        records.put(name, List.copyOf(rrs));
    }

    public void remove(Name name) {
        records.remove(name);
    }

    public int udpQueries() {
        return udpQueries.get();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    private void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, "test-dns-" + name);
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
    }

    private void serveUdp() {
        byte[] buffer = new byte[512];
        while (running) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire();
                if (answer.length > 512) {
                    Message truncated = answer(query);
                    truncated.removeAllRecords(Section.ANSWER);
                    truncated.getHeader().setFlag(Flags.TC);
                    answer = truncated.toWire();
                }
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (running) {
            try (Socket socket = tcp.accept()) {
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                tcpQueries.incrementAndGet();
                byte[] answer = answer(new Message(query)).toWire();
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
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
        List<Record> matching = rrs.stream().filter(rr -> rr.getType() == question.getType()).toList();
        if (matching.isEmpty()) {
            response.addRecord(soa, Section.AUTHORITY);
        }
        matching.forEach(rr -> response.addRecord(rr, Section.ANSWER));
        return response;
    }

    @Override
    public void close() throws IOException {
        running = false;
        udp.close();
        tcp.close();
    }
}
