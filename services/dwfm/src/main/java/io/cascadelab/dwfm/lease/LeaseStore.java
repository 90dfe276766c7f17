package io.cascadelab.dwfm.lease;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Lease state recorded in Dynamo through the real SDK client: a check-in or an establishment is complete
 * only once Dynamo has it. Any exception (the name does not resolve, no connection, throttling) means it
 * is not.
 */
public final class LeaseStore {

    /** Key prefix of the operators' intake limit (droplet ids never start with it). */
    private static final String INTAKE_LIMIT = "#intake-limit/";
    /** Key prefix of a launch's record (droplet ids never start with it either). */
    private static final String LAUNCH = "#launch/";

    private final DynamoDbClient dynamo;
    private final String table;
    private volatile boolean tableReady;

    public LeaseStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Creates the table if no DWFM has yet (the three race to it at start). */
    public void ensureTable() {
        if (tableReady) {
            return;
        }
        try {
            dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("dropletId")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("dropletId").keyType(KeyType.HASH).build()));
        } catch (ResourceInUseException e) {
            // Another DWFM created it.
        }
        tableReady = true;
    }

    /** A check-in: the lease is still ours (or was never recorded, a boot lease); its expiry moves on. */
    public void checkIn(String dropletId, String holder, String leaseId, long expiresAt) {
        ensureTable();
        dynamo.putItem(b -> b.tableName(table).item(item(dropletId, holder, leaseId, expiresAt))
                .conditionExpression("attribute_not_exists(dropletId) OR leaseId = :lease")
                .expressionAttributeValues(Map.of(":lease", AttributeValue.fromS(leaseId))));
    }

    /** A new lease: allowed when none is recorded, the recorded one has expired, or it is already ours. */
    public void establish(String dropletId, String holder, String leaseId, long expiresAt, long now) {
        ensureTable();
        dynamo.putItem(b -> b.tableName(table).item(item(dropletId, holder, leaseId, expiresAt))
                .conditionExpression("attribute_not_exists(dropletId) OR expiresAt < :now OR holder = :holder")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)),
                        ":holder", AttributeValue.fromS(holder))));
    }

    /**
     * Records a launch before any droplet is asked to host it: EC2's launch workflow keeps its state in
     * DynamoDB, so while DynamoDB cannot be reached no instance is launched (AWS's account: launches failed for
     * the whole DynamoDB outage, not only once leases had run out). Kept beside the leases, as the intake limit
     * is: one table.
     *
     * @throws software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException when the instance
     *         was recorded before
     */
    public void recordLaunch(String instanceId, String owner, String holder, long now) {
        ensureTable();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("dropletId", AttributeValue.fromS(LAUNCH + instanceId),
                        "owner", AttributeValue.fromS(owner), "holder", AttributeValue.fromS(holder),
                        "recordedAt", AttributeValue.fromN(Long.toString(now))))
                .conditionExpression("attribute_not_exists(dropletId)"));
    }

    /** Removes the record of a launch no droplet took (best effort: a leftover record hosts nothing). */
    public void forgetLaunch(String instanceId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("dropletId", AttributeValue.fromS(LAUNCH + instanceId))));
    }

    /**
     * The operators' intake limit for an AZ, kept beside its leases so that it outlives the process: a DWFM
     * host restarted by the runbook works under the limit from its first tick, not from whenever the
     * operators get to throttle it again. 0 lifts it.
     */
    public void saveIntakeLimit(String az, double perMinute) {
        ensureTable();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("dropletId", AttributeValue.fromS(INTAKE_LIMIT + az),
                "perMinute", AttributeValue.fromN(Double.toString(perMinute)))));
    }

    /** @return the AZ's recorded intake limit per incident minute, 0 when there is none */
    public double intakeLimit(String az) {
        ensureTable();
        var answer = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("dropletId", AttributeValue.fromS(INTAKE_LIMIT + az))));
        if (!answer.hasItem() || !answer.item().containsKey("perMinute")) {
            return 0;
        }
        return Double.parseDouble(answer.item().get("perMinute").n());
    }

    private static Map<String, AttributeValue> item(String dropletId, String holder, String leaseId, long expiresAt) {
        return Map.of("dropletId", AttributeValue.fromS(dropletId), "holder", AttributeValue.fromS(holder),
                "leaseId", AttributeValue.fromS(leaseId), "expiresAt", AttributeValue.fromN(Long.toString(expiresAt)));
    }
}
