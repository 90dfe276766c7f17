package io.cascadelab.dynamo.api;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;

import io.cascadelab.dynamo.node.LoadShedder;
import io.cascadelab.dynamo.node.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * DynamoDB's JSON 1.0 protocol: {@code POST /} with {@code X-Amz-Target: DynamoDB_20120810.<Operation>}.
 * Answers carry {@code x-amzn-RequestId} and {@code x-amz-crc32} (the SDK checks the CRC of DynamoDB responses).
 * Errors are HTTP 400 with {@code __type}/{@code message}; a shed request is a ThrottlingException.
 */
@RestController
public class DynamoEndpoint {

    private static final Logger log = LoggerFactory.getLogger(DynamoEndpoint.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String REQUEST_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final Map<String, Function<JsonNode, ObjectNode>> operations;
    private final ObjectMapper json;
    private final LoadShedder shedder;
    private final NodeMetrics metrics;

    public DynamoEndpoint(Operations operations, ObjectMapper wireJson, LoadShedder shedder, NodeMetrics metrics) {
        this.operations = operations.byName();
        this.json = wireJson;
        this.shedder = shedder;
        this.metrics = metrics;
    }

    /** What DynamoDB's endpoint answers to a plain GET; load balancers and health checkers use it. */
    @GetMapping("/")
    ResponseEntity<String> ping() {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, "text/plain")
                .body("healthy: dynamodb.us-east-1.amazonaws.com ");
    }

    @PostMapping("/")
    ResponseEntity<byte[]> handle(@RequestHeader(value = "X-Amz-Target", required = false) String target,
                                  @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                  @RequestBody(required = false) byte[] body) {
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

    private ResponseEntity<byte[]> ok(ObjectNode response) {
        return respond(200, json.writeValueAsBytes(response));
    }

    private ResponseEntity<byte[]> error(DynamoException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", e.type());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        e.extra().forEach((k, v) -> body.set(k, v instanceof JsonNode n ? n : json.valueToTree(v)));
        // DynamoDB answers its own failures with 500 (the SDK retries them); everything the caller did wrong is 400.
        return respond(DynamoException.INTERNAL.equals(e.type()) ? 500 : 400, json.writeValueAsBytes(body));
    }

    private static ResponseEntity<byte[]> respond(int status, byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return ResponseEntity.status(status)
                .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .header("x-amzn-RequestId", requestId())
                .header("x-amz-crc32", Long.toString(crc.getValue()))
                .body(body);
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
