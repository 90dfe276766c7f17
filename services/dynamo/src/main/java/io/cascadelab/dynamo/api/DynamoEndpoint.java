package io.cascadelab.dynamo.api;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;

import io.cascadelab.dynamo.node.LoadShedder;
import io.cascadelab.dynamo.node.NodeMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * DynamoDB's JSON 1.0 protocol: {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>}.
 * Answers carry {@code x-amzn-RequestId} and {@code x-amz-crc32} (the SDK checks the CRC of DynamoDB responses).
 * Errors are HTTP 400 with {@code __type}/{@code message}; a shed request is a ThrottlingException.
 *
 * <p>A plain servlet mapped to the context root only (the servlet pattern {@code ""}), not a Spring MVC controller:
 * the protocol has one URL and handles its own JSON, and the dispatcher's handler lookup, argument resolution and
 * message converters cost more CPU per request than the operation itself (about half of the node's CPU in a
 * flight recording of the benchmark). Every other path (actuator, fault injection) stays with Spring MVC, and the
 * servlet filters (ingress faults, {@code http.server.requests} observation) still run for it.
 */
public class DynamoEndpoint extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(DynamoEndpoint.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String REQUEST_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final byte[] PING = "healthy: dynamodb.us-east-1.amazonaws.com ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final transient Map<String, Function<JsonNode, ObjectNode>> operations;
    private final transient ObjectMapper json;
    private final transient LoadShedder shedder;
    private final transient NodeMetrics metrics;

    public DynamoEndpoint(Operations operations, ObjectMapper wireJson, LoadShedder shedder, NodeMetrics metrics) {
        this.operations = operations.byName();
        this.json = wireJson;
        this.shedder = shedder;
        this.metrics = metrics;
    }

    /** What DynamoDB's endpoint answers to a plain GET; load balancers and health checkers use it. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        tagRoute(request);
        response.setStatus(200);
        response.setContentType("text/plain");
        response.setContentLength(PING.length);
        response.getOutputStream().write(PING);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        tagRoute(request);
        byte[] body = request.getInputStream().readAllBytes();
        Reply reply = handle(request.getHeader("X-Amz-Target"), request.getHeader(HttpHeaders.AUTHORIZATION), body);
        CRC32 crc = new CRC32();
        crc.update(reply.body());
        response.setStatus(reply.status());
        response.setContentType(CONTENT_TYPE);
        response.setHeader("x-amzn-RequestId", requestId());
        response.setHeader("x-amz-crc32", Long.toString(crc.getValue()));
        response.setContentLength(reply.body().length);
        response.getOutputStream().write(reply.body());
    }

    /** Keeps the {@code uri} tag of {@code http.server.requests} what it was under Spring MVC ("/"). */
    private static void tagRoute(HttpServletRequest request) {
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern("/"));
    }

    private record Reply(int status, byte[] body) {
    }

    Reply handle(String target, String authorization, byte[] body) {
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : "unknown";
        if (!shedder.tryAdmit()) {
            metrics.throttled(operation);
            return error(new DynamoException(DynamoException.THROTTLING, "Rate of requests exceeds the allowed throughput."));
        }
        long start = System.nanoTime();
        metrics.started();
        String errorType = null;
        try {
            return ok(dispatch(target, operation, authorization, body));
        } catch (DynamoException e) {
            errorType = e.shortType();
            return error(e);
        } catch (RuntimeException e) {
            log.error("{} failed", operation, e);
            errorType = "InternalServerError";
            return error(new DynamoException(DynamoException.INTERNAL, "Internal server error"));
        } finally {
            shedder.release();
            metrics.finished(operation, Duration.ofNanos(System.nanoTime() - start), errorType);
        }
    }

    private ObjectNode dispatch(String target, String operation, String authorization, byte[] body) {
        Function<JsonNode, ObjectNode> handler = target != null && target.startsWith(TARGET_PREFIX)
                ? operations.get(operation) : null;
        if (handler == null) {
            throw new DynamoException(DynamoException.UNKNOWN_OPERATION, null);
        }
        if (authorization == null || authorization.isBlank()) {
            throw new DynamoException(DynamoException.MISSING_AUTH, "Request is missing Authentication Token");
        }
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw new DynamoException(DynamoException.SERIALIZATION, null);
        }
        if (request == null || !request.isObject()) {
            throw new DynamoException(DynamoException.SERIALIZATION, null);
        }
        return handler.apply(request);
    }

    private Reply ok(ObjectNode response) {
        return new Reply(200, json.writeValueAsBytes(response));
    }

    private Reply error(DynamoException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", e.type());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        e.extra().forEach((k, v) -> body.set(k, v instanceof JsonNode n ? n : json.valueToTree(v)));
        // DynamoDB answers its own failures with 500 (the SDK retries them); everything the caller did wrong is 400.
        return new Reply(DynamoException.INTERNAL.equals(e.type()) ? 500 : 400, json.writeValueAsBytes(body));
    }

    private static String requestId() {
        // Shaped like DynamoDB's 52-character ids; ThreadLocalRandom because UUID.randomUUID() serialises every
        // request thread on one SecureRandom.
        var random = java.util.concurrent.ThreadLocalRandom.current();
        char[] id = new char[52];
        for (int i = 0; i < id.length; i++) {
            id[i] = REQUEST_ID_CHARS.charAt(random.nextInt(REQUEST_ID_CHARS.length()));
        }
        return new String(id);
    }
}
