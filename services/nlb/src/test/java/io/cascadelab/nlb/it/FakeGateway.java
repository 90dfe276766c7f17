package io.cascadelab.nlb.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cascadelab.contracts.InstanceEvent;
import io.cascadelab.contracts.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's EC2 query API (RunInstances, TerminateInstances) over the fake droplets, publishing
 * {@link InstanceEvent}s on {@code cascade.ec2.instances} as the real gateway does.
 */
final class FakeGateway implements AutoCloseable {

    private static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final HttpServer server;
    private final FakeDroplets droplets;
    private final KafkaProducer<String, String> producer;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger next = new AtomicInteger(0x1000);
    final AtomicInteger launches = new AtomicInteger();
    final AtomicInteger terminations = new AtomicInteger();

    FakeGateway(FakeDroplets droplets, String bootstrapServers) throws IOException {
        this.droplets = droplets;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers), new StringSerializer(),
                new StringSerializer());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void publish(InstanceEvent.Kind kind, String id, String az) {
        publish(kind, id, az, "app");
    }

    void publish(InstanceEvent.Kind kind, String id, String az, String owner) {
        InstanceEvent event = new InstanceEvent(InstanceEvent.VERSION, kind, id, "d-" + az + "-00001", az, owner,
                Instant.now());
        producer.send(new ProducerRecord<>(Topics.EC2_INSTANCES, id, json.writeValueAsString(event)));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String action = form.getOrDefault("Action", "");
            String body;
            if (action.equals("RunInstances")) {
                String az = form.get("Placement.AvailabilityZone");
                String id = String.format("i-%017x", next.getAndIncrement());
                String owner = form.getOrDefault("TagSpecification.1.Tag.1.Value", "app");
                droplets.launch(id, az, owner);
                launches.incrementAndGet();
                publish(InstanceEvent.Kind.LAUNCHED, id, az, owner);
                body = "<RunInstancesResponse xmlns=\"" + NS + "\"><requestId>r</requestId><instancesSet><item>"
                        + "<instanceId>" + id + "</instanceId><placement><availabilityZone>" + az
                        + "</availabilityZone></placement><hostId>d-" + az + "-00001</hostId></item></instancesSet>"
                        + "</RunInstancesResponse>";
            } else if (action.equals("TerminateInstances")) {
                String id = form.get("InstanceId.1");
                String owner = droplets.ownerOf(id);
                droplets.terminate(id);
                terminations.incrementAndGet();
                publish(InstanceEvent.Kind.TERMINATED, id, "az1", owner);
                body = "<TerminateInstancesResponse xmlns=\"" + NS + "\"><requestId>r</requestId><instancesSet><item>"
                        + "<instanceId>" + id + "</instanceId></item></instancesSet></TerminateInstancesResponse>";
            } else {
                byte[] error = ("<Response><Errors><Error><Code>InvalidAction</Code><Message>" + action
                        + "</Message></Error></Errors><RequestID>r</RequestID></Response>").getBytes(StandardCharsets.UTF_8);
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

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
        producer.close();
    }
}
