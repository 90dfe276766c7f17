package io.cascadelab.zone.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.xbill.DNS.Rcode;

/**
 * The embedded authoritative DNS server: UDP (several sockets on one port with SO_REUSEPORT, one reader
 * thread each) and TCP (length-prefixed, several queries per connection, bounded connection pool).
 */
public final class AuthoritativeServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuthoritativeServer.class);
    private static final String[] TRANSPORTS = {"udp", "tcp"};

    private final Answerer answerer;
    private final String address;
    private final int configuredPort;
    private final int udpThreads;
    private final int tcpThreads;
    private final int tcpIdleTimeoutMillis;
    private final Counter[][] queries = new Counter[2][24];
    private final Counter[] dropped = new Counter[2];
    private final Timer[] latency = new Timer[2];

    private final List<DatagramChannel> udp = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private ServerSocket tcp;
    private ExecutorService tcpPool;
    private volatile boolean running;
    private volatile int port;

    public AuthoritativeServer(DnsSnapshot snapshot, int maxCnameChain, int answerCacheEntries, String address, int port, int udpThreads,
                               int tcpThreads, Duration tcpIdleTimeout, MeterRegistry registry) {
        this.answerer = new Answerer(snapshot, maxCnameChain, answerCacheEntries);
        this.address = address;
        this.configuredPort = port;
        this.udpThreads = udpThreads;
        this.tcpThreads = tcpThreads;
        this.tcpIdleTimeoutMillis = (int) Math.max(1, tcpIdleTimeout.toMillis());
        for (int t = 0; t < 2; t++) {
            for (int rcode = 0; rcode < 24; rcode++) {
                queries[t][rcode] = Counter.builder("cascade.zone.dns.queries")
                        .description("DNS queries answered, by response code and transport")
                        .tag("transport", TRANSPORTS[t]).tag("rcode", Rcode.string(rcode)).register(registry);
            }
            dropped[t] = Counter.builder("cascade.zone.dns.dropped")
                    .description("DNS packets not answered (responses, runts, overload)")
                    .tag("transport", TRANSPORTS[t]).register(registry);
            latency[t] = Timer.builder("cascade.zone.dns.query.latency")
                    .description("Time from a query's arrival to its answer being sent")
                    .tag("transport", TRANSPORTS[t]).register(registry);
        }
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return port;
    }

    /**
     * Binds the UDP sockets and the TCP socket on one port and returns it. With port 0 the UDP bind picks the
     * port, and TCP may find that number taken (an outgoing connection's ephemeral port is TCP only): then every
     * socket is closed and another port is tried.
     */
    private int bindSockets(InetAddress bind) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int boundPort = configuredPort;
            try {
                for (int i = 0; i < udpThreads; i++) {
                    DatagramChannel channel = DatagramChannel.open();
                    udp.add(channel);
                    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    if (udpThreads > 1) {
                        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                    channel.bind(new InetSocketAddress(bind, boundPort));
                    boundPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
                }
                tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(bind, boundPort), 256);
                return boundPort;
            } catch (java.net.BindException e) {
                if (configuredPort != 0 || attempt >= 10) {
                    throw e;
                }
                for (DatagramChannel channel : udp) {
                    channel.close();
                }
                udp.clear();
                if (tcp != null) {
                    tcp.close();
                    tcp = null;
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        try {
            InetAddress bind = InetAddress.getByName(address);
            int boundPort = bindSockets(bind);
            port = boundPort;
            running = true;
            tcpPool = new ThreadPoolExecutor(1, tcpThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    r -> daemon(r, "zone-dns-tcp-conn"));
            for (int i = 0; i < udp.size(); i++) {
                DatagramChannel channel = udp.get(i);
                threads.add(daemon(() -> serveUdp(channel), "zone-dns-udp-" + i));
            }
            threads.add(daemon(this::acceptTcp, "zone-dns-tcp-accept"));
            threads.forEach(Thread::start);
            log.info("authoritative dns listening on {}:{} (udp x{}, tcp)", address, port, udp.size());
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot bind dns server to " + address + ":" + configuredPort, e);
        }
    }

    private void serveUdp(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(65535);
        byte[] packet = buffer.array();
        while (running) {
            try {
                buffer.clear();
                SocketAddress client = channel.receive(buffer);
                long start = System.nanoTime();
                Answerer.Answer answer = answerer.answer(packet, buffer.position(), Answerer.UDP_DEFAULT_PAYLOAD);
                if (answer.wire() == null) {
                    dropped[0].increment();
                    continue;
                }
                channel.send(ByteBuffer.wrap(answer.wire()), client);
                count(0, answer.rcode(), start);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    log.warn("udp dns query failed: {}", e.toString());
                }
            }
        }
    }

    private void acceptTcp() {
        while (running) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (running) {
                    log.warn("tcp accept failed: {}", e.toString());
                }
                continue;
            }
            try {
                tcpPool.execute(() -> serveTcp(socket));
            } catch (RejectedExecutionException e) {
                dropped[1].increment();
                closeQuietly(socket);
            }
        }
    }

    private void serveTcp(Socket socket) {
        try (socket) {
            socket.setSoTimeout(tcpIdleTimeoutMillis);
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] packet = new byte[65535];
            while (running) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return;
                }
                readFully(in, packet, length);
                long start = System.nanoTime();
                Answerer.Answer answer = answerer.answer(packet, length, Answerer.TCP);
                if (answer.wire() == null) {
                    dropped[1].increment();
                    continue;
                }
                byte[] framed = new byte[answer.wire().length + 2];
                framed[0] = (byte) (answer.wire().length >>> 8);
                framed[1] = (byte) answer.wire().length;
                System.arraycopy(answer.wire(), 0, framed, 2, answer.wire().length);
                out.write(framed);
                out.flush();
                count(1, answer.rcode(), start);
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.debug("tcp dns connection ended: {}", e.toString());
            }
        }
    }

    private static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, read, length - read);
            if (n < 0) {
                throw new EOFException();
            }
            read += n;
        }
    }

    private void count(int transport, int rcode, long startNanos) {
        queries[transport][rcode >= 0 && rcode < 24 ? rcode : Rcode.SERVFAIL].increment();
        latency[transport].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        udp.forEach(AuthoritativeServer::closeQuietly);
        udp.clear();
        if (tcp != null) {
            closeQuietly(tcp);
        }
        if (tcpPool != null) {
            tcpPool.shutdownNow();
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing on shutdown; nothing to do
        }
    }
}
