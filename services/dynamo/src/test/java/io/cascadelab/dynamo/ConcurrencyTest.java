package io.cascadelab.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import static io.cascadelab.dynamo.Sdk.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many writers at once against Cascade, spread over two nodes sharing one database (odd threads on one node, even
 * on the other, as clients behind one DNS name would be): every acknowledged write must be reflected in the final state. A lost
 * update (two writers reading the same version and both succeeding) shows up as a counter below the number of
 * successful writes.
 */
class ConcurrencyTest {

    private static final int THREADS = 16;
    private static ExecutorService pool;
    private static DynamoDbClient firstNode;
    private static DynamoDbClient secondNode;
    private static final ThreadLocal<DynamoDbClient> NODE_OF_THREAD = new ThreadLocal<>();
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(THREADS);
        firstNode = Targets.client(Targets.cascade(), false, THREADS * 2);
        secondNode = Targets.client(Targets.cascadeSecondNode(), false, THREADS * 2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        firstNode.close();
        secondNode.close();
    }

    /** The client of the node this thread talks to; the main thread (setup and checks) uses the first node. */
    private static DynamoDbClient client() {
        DynamoDbClient c = NODE_OF_THREAD.get();
        return c != null ? c : firstNode;
    }

    private static List<Integer> runAll(Callable<Integer> task) throws Exception {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                if (NODE_OF_THREAD.get() == null) {
                    NODE_OF_THREAD.set(THREAD_NUMBER.incrementAndGet() % 2 == 0 ? firstNode : secondNode);
                }
                return task.call();
            }));
        }
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> f : futures) {
            results.add(f.get(120, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void optimisticIncrementsNeverLoseAnUpdate() throws Exception {
        String table = createTable(client(), uniqueTable("occ"), "pk", "S", null, null);
        client().putItem(r -> r.tableName(table).item(item("pk", s("c"), "n", n(0), "ver", n(0))));
        AtomicInteger conflicts = new AtomicInteger();
        List<Integer> successes = runAll(() -> {
            int ok = 0;
            for (int i = 0; i < 20; i++) {
                Map<String, AttributeValue> current = client().getItem(r -> r.tableName(table).key(item("pk", s("c")))
                        .consistentRead(true)).item();
                long ver = Long.parseLong(current.get("ver").n());
                long value = Long.parseLong(current.get("n").n());
                try {
                    client().updateItem(r -> r.tableName(table).key(item("pk", s("c")))
                            .updateExpression("SET n = :next, ver = :nextVer").conditionExpression("ver = :ver")
                            .expressionAttributeValues(item(":next", n(value + 1), ":nextVer", n(ver + 1), ":ver", n(ver))));
                    ok++;
                } catch (ConditionalCheckFailedException e) {
                    conflicts.incrementAndGet();
                }
            }
            return ok;
        });
        int total = successes.stream().mapToInt(Integer::intValue).sum();
        Map<String, AttributeValue> last = client().getItem(r -> r.tableName(table).key(item("pk", s("c")))).item();
        assertThat(last.get("n")).isEqualTo(n(total));
        assertThat(last.get("ver")).isEqualTo(n(total));
        assertThat(total + conflicts.get()).isEqualTo(THREADS * 20);
        assertThat(total).isPositive();
    }

    @Test
    void atomicAddsFromManyWritersAllCount() throws Exception {
        String table = createTable(client(), uniqueTable("add"), "pk", "S", null, null);
        runAll(() -> {
            for (int i = 0; i < 25; i++) {
                client().updateItem(r -> r.tableName(table).key(item("pk", s("c"))).updateExpression("ADD n :one")
                        .expressionAttributeValues(item(":one", n(1))));
            }
            return 25;
        });
        assertThat(client().getItem(r -> r.tableName(table).key(item("pk", s("c")))).item().get("n")).isEqualTo(n(THREADS * 25));
    }

    @Test
    void onlyOneOfManyConditionalCreatesWins() throws Exception {
        String table = createTable(client(), uniqueTable("create"), "pk", "S", null, null);
        for (int round = 0; round < 5; round++) {
            String key = "k" + round;
            List<Integer> wins = runAll(() -> {
                try {
                    client().putItem(r -> r.tableName(table).item(item("pk", s(key), "owner_thread", s(Thread.currentThread().getName())))
                            .conditionExpression("attribute_not_exists(pk)"));
                    return 1;
                } catch (ConditionalCheckFailedException e) {
                    return 0;
                }
            });
            assertThat(wins.stream().mapToInt(Integer::intValue).sum()).as("winners of round %d", round).isEqualTo(1);
        }
    }

    @Test
    void concurrentTransfersConserveMoneyAndCountEveryCommit() throws Exception {
        String table = createTable(client(), uniqueTable("bank"), "pk", "S", null, null);
        int accounts = 6;
        for (int a = 0; a < accounts; a++) {
            int id = a;
            client().putItem(r -> r.tableName(table).item(item("pk", s("acct" + id), "balance", n(10))));
        }
        client().putItem(r -> r.tableName(table).item(item("pk", s("ledger"), "commits", n(0))));
        java.util.concurrent.atomic.AtomicLong seed = new java.util.concurrent.atomic.AtomicLong(42);
        List<Integer> commits = runAll(() -> {
            java.util.Random random = new java.util.Random(seed.incrementAndGet());
            int ok = 0;
            for (int i = 0; i < 15; i++) {
                int from = random.nextInt(accounts);
                int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                try {
                    client().transactWriteItems(r -> r.transactItems(
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("acct" + from)))
                                    .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                                    .expressionAttributeValues(item(":amt", n(3)))).build(),
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("acct" + to)))
                                    .updateExpression("SET balance = balance + :amt")
                                    .expressionAttributeValues(item(":amt", n(3)))).build(),
                            TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("ledger")))
                                    .updateExpression("ADD commits :one").expressionAttributeValues(item(":one", n(1)))).build()));
                    ok++;
                } catch (TransactionCanceledException e) {
                    // insufficient balance: nothing written
                }
            }
            return ok;
        });
        int committed = commits.stream().mapToInt(Integer::intValue).sum();
        long sum = 0;
        for (int a = 0; a < accounts; a++) {
            int id = a;
            long balance = Long.parseLong(client().getItem(r -> r.tableName(table).key(item("pk", s("acct" + id))))
                    .item().get("balance").n());
            assertThat(balance).as("account %d never overdrawn", a).isNotNegative();
            sum += balance;
        }
        assertThat(sum).isEqualTo(accounts * 10L);
        assertThat(client().getItem(r -> r.tableName(table).key(item("pk", s("ledger")))).item().get("commits"))
                .isEqualTo(n(committed));
        assertThat(committed).isPositive();
    }

    /**
     * Single-key writes decide on an unlocked read and write by compare-and-set; transactions decide under key
     * locks. Mixed on the same items, neither may overwrite the other: every acknowledged ADD counts, money is
     * conserved, and unconditional puts of another item in between lose nothing either.
     */
    @Test
    void singleItemWritesAndTransactionsOnTheSameItemsLoseNothing() throws Exception {
        String table = createTable(client(), uniqueTable("mixed"), "pk", "S", null, null);
        int accounts = 4;
        for (int a = 0; a < accounts; a++) {
            int id = a;
            client().putItem(r -> r.tableName(table).item(item("pk", s("acct" + id), "balance", n(100), "touches", n(0))));
        }
        java.util.concurrent.atomic.AtomicLong seed = new java.util.concurrent.atomic.AtomicLong(7);
        java.util.concurrent.atomic.AtomicInteger touches = new java.util.concurrent.atomic.AtomicInteger();
        runAll(() -> {
            java.util.Random random = new java.util.Random(seed.incrementAndGet());
            for (int i = 0; i < 20; i++) {
                int from = random.nextInt(accounts);
                int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        try {
                            client().transactWriteItems(r -> r.transactItems(
                                    TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("acct" + from)))
                                            .updateExpression("SET balance = balance - :amt").conditionExpression("balance >= :amt")
                                            .expressionAttributeValues(item(":amt", n(7)))).build(),
                                    TransactWriteItem.builder().update(u -> u.tableName(table).key(item("pk", s("acct" + to)))
                                            .updateExpression("SET balance = balance + :amt")
                                            .expressionAttributeValues(item(":amt", n(7)))).build()));
                        } catch (TransactionCanceledException e) {
                            // insufficient balance: nothing written
                        }
                    }
                    case 1 -> {
                        client().updateItem(r -> r.tableName(table).key(item("pk", s("acct" + from)))
                                .updateExpression("ADD touches :one").conditionExpression("attribute_exists(pk)")
                                .expressionAttributeValues(item(":one", n(1))));
                        touches.incrementAndGet();
                    }
                    default -> client().putItem(r -> r.tableName(table)
                            .item(item("pk", s("note" + from), "by", s(Thread.currentThread().getName()))));
                }
            }
            return 0;
        });
        long sum = 0;
        long touched = 0;
        for (int a = 0; a < accounts; a++) {
            int id = a;
            var row = client().getItem(r -> r.tableName(table).key(item("pk", s("acct" + id)))).item();
            assertThat(Long.parseLong(row.get("balance").n())).as("account %d never overdrawn", a).isNotNegative();
            sum += Long.parseLong(row.get("balance").n());
            touched += Long.parseLong(row.get("touches").n());
        }
        assertThat(sum).isEqualTo(accounts * 100L);
        assertThat(touched).isEqualTo(touches.get());
        assertThat(touched).isPositive();
    }
}
