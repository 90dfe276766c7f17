package io.cascadelab.dynamo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Terse builders for SDK requests and values, so tests read like the scenarios they are. */
final class Sdk {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private Sdk() {
    }

    static String uniqueTable(String prefix) {
        return prefix + "-" + TABLES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    static AttributeValue n(Object v) {
        return AttributeValue.builder().n(v.toString()).build();
    }

    static AttributeValue b(byte... v) {
        return AttributeValue.builder().b(SdkBytes.fromByteArray(v)).build();
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.builder().bool(v).build();
    }

    static AttributeValue nul() {
        return AttributeValue.builder().nul(true).build();
    }

    static AttributeValue l(AttributeValue... v) {
        return AttributeValue.builder().l(v).build();
    }

    static AttributeValue m(Object... kv) {
        return AttributeValue.builder().m(item(kv)).build();
    }

    static AttributeValue ss(String... v) {
        return AttributeValue.builder().ss(v).build();
    }

    static AttributeValue ns(String... v) {
        return AttributeValue.builder().ns(v).build();
    }

    static AttributeValue bs(byte[]... v) {
        return AttributeValue.builder().bs(Arrays.stream(v).map(SdkBytes::fromByteArray).toList()).build();
    }

    /** {@code item("pk", s("a"), "n", n(1))}. */
    static Map<String, AttributeValue> item(Object... kv) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], (AttributeValue) kv[i + 1]);
        }
        return out;
    }

    static Map<String, String> names(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    /** Creates a table (hash key, optional range key; types S/N/B) and waits until it is ACTIVE. */
    static String createTable(DynamoDbClient client, String name, String hashName, String hashType,
                              String rangeName, String rangeType) {
        List<AttributeDefinition> definitions = new ArrayList<>();
        List<KeySchemaElement> schema = new ArrayList<>();
        definitions.add(AttributeDefinition.builder().attributeName(hashName).attributeType(hashType).build());
        schema.add(KeySchemaElement.builder().attributeName(hashName).keyType(KeyType.HASH).build());
        if (rangeName != null) {
            definitions.add(AttributeDefinition.builder().attributeName(rangeName).attributeType(rangeType).build());
            schema.add(KeySchemaElement.builder().attributeName(rangeName).keyType(KeyType.RANGE).build());
        }
        client.createTable(r -> r.tableName(name).attributeDefinitions(definitions).keySchema(schema)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        awaitActive(client, name);
        return name;
    }

    static void awaitActive(DynamoDbClient client, String name) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> client.describeTable(r -> r.tableName(name)).table().tableStatus() == TableStatus.ACTIVE);
    }
}
