package io.cascadelab.nlb.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two Route 53 REST/XML operations the NLB's real {@code Route53Client} uses — ListHostedZonesByName and
 * ChangeResourceRecordSets — recording every change batch it receives, with the time it arrived.
 */
final class FakeRoute53 implements AutoCloseable {

    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final Pattern VALUE = Pattern.compile("<Value>([^<]+)</Value>");

    record Write(Instant at, String action, String name, long ttl, List<String> values) {
    }

    private final HttpServer server;
    private final String zoneName;
    final List<Write> writes = new CopyOnWriteArrayList<>();

    FakeRoute53(String zoneName) throws IOException {
        this.zoneName = zoneName.endsWith(".") ? zoneName : zoneName + ".";
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/2013-04-01/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Values of the last write, or empty before any. */
    List<String> current() {
        return writes.isEmpty() ? List.of() : writes.get(writes.size() - 1).values();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body;
            if (path.endsWith("/hostedzonesbyname")) {
                body = "<ListHostedZonesByNameResponse xmlns=\"" + NS + "\"><HostedZones><HostedZone>"
                        + "<Id>/hostedzone/ZCASCADE</Id><Name>" + zoneName + "</Name><CallerReference>test</CallerReference>"
                        + "<Config><PrivateZone>false</PrivateZone></Config><ResourceRecordSetCount>3</ResourceRecordSetCount>"
                        + "</HostedZone></HostedZones><DNSName>" + zoneName + "</DNSName><IsTruncated>false</IsTruncated>"
                        + "<MaxItems>1</MaxItems></ListHostedZonesByNameResponse>";
            } else if (path.contains("/hostedzone/ZCASCADE/rrset") && exchange.getRequestMethod().equals("POST")) {
                String batch = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                List<String> values = new ArrayList<>();
                Matcher m = VALUE.matcher(batch);
                while (m.find()) {
                    values.add(m.group(1));
                }
                writes.add(new Write(Instant.now(), tag(batch, "Action"), tag(batch, "Name"),
                        Long.parseLong(tag(batch, "TTL")), List.copyOf(values)));
                body = "<ChangeResourceRecordSetsResponse xmlns=\"" + NS + "\"><ChangeInfo><Id>/change/C"
                        + writes.size() + "</Id><Status>INSYNC</Status><SubmittedAt>" + Instant.now()
                        + "</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>";
            } else {
                byte[] error = ("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>InvalidInput</Code>"
                        + "<Message>unsupported in the fake</Message></Error><RequestId>r</RequestId></ErrorResponse>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(400, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1) : "";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
