package io.cascadelab.dynamo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire protocol itself, below the SDK: targets, bodies and headers the SDK never gets wrong but other clients
 * may. Checked against dynalite too (skipped without it, failed under CI).
 */
class ProtocolTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(URI endpoint, String target, String body, boolean signed) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (signed) {
            request.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20251020/us-east-1/dynamodb/aws4_request,"
                    + " SignedHeaders=host;x-amz-date, Signature=00").header("X-Amz-Date", "20251020T000000Z");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String type(HttpResponse<String> response) {
        String body = response.body();
        int i = body.indexOf("\"__type\":\"");
        return i < 0 ? "none" : body.substring(i + 10, body.indexOf('"', i + 10));
    }

    private static void checkOn(URI endpoint) throws Exception {
        var ok = post(endpoint, "DynamoDB_20120810.ListTables", "{}", true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("x-amzn-RequestId")).isPresent();
        CRC32 crc = new CRC32();
        crc.update(ok.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ok.headers().firstValue("x-amz-crc32")).contains(Long.toString(crc.getValue()));
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/x-amz-json-1.0"));

        var unknown = post(endpoint, "DynamoDB_20120810.FlyToTheMoon", "{}", true);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(type(unknown)).isEqualTo("com.amazon.coral.service#UnknownOperationException");

        var garbage = post(endpoint, "DynamoDB_20120810.ListTables", "{not json", true);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(type(garbage)).isEqualTo("com.amazon.coral.service#SerializationException");

        var unsigned = post(endpoint, "DynamoDB_20120810.ListTables", "{}", false);
        assertThat(unsigned.statusCode()).isEqualTo(400);
        assertThat(type(unsigned)).isEqualTo("com.amazon.coral.service#MissingAuthenticationTokenException");

        var invalid = post(endpoint, "DynamoDB_20120810.GetItem", "{\"TableName\":\"x\"}", true);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(type(invalid)).endsWith("#ValidationException");
    }

    @Test
    void cascadeSpeaksDynamoDbsJsonProtocol() throws Exception {
        checkOn(Targets.cascade());
    }

    @Test
    void dynaliteAgreesOnTheProtocol() throws Exception {
        checkOn(Targets.requireDynalite());
    }
}
