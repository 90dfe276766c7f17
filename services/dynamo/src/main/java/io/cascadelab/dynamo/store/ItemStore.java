package io.cascadelab.dynamo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import javax.sql.DataSource;

import io.cascadelab.dynamo.api.DynamoException;
import io.cascadelab.dynamo.item.Bin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items in PostgreSQL: one row per item, keyed by (table id, hash key bytes, range key bytes), the item as its
 * DynamoDB JSON in {@code bytea}. Key bytes come from {@link io.cascadelab.dynamo.item.KeyCodec}, so PostgreSQL's
 * bytewise {@code bytea} order is DynamoDB's order.
 *
 * <p>Every write takes a transaction-scoped advisory lock per item key (sorted, so transactions cannot deadlock
 * each other), then reads the current item in a fresh statement snapshot, decides, writes and commits. Locking the
 * key rather than the row also serialises writers of items that do not exist yet, so a conditional put or a
 * transaction over absent items cannot interleave with another one. Plain reads take no lock: PostgreSQL commits
 * are atomic, so a read sees a transaction entirely or not at all.
 */
public final class ItemStore {

    private static final Logger log = LoggerFactory.getLogger(ItemStore.class);
    private static final int MAX_ATTEMPTS = 8;
    private static final int CAS_ATTEMPTS = 3;
    private static final long SCHEMA_LOCK = 0x64796e616d6fL;

    private final DataSource dataSource;

    public ItemStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the schema if absent; several nodes may start at once, so creation is serialised by a lock. */
    public void createSchema() {
        inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                s.execute("CREATE TABLE IF NOT EXISTS dynamo_tables (name text PRIMARY KEY, id text NOT NULL UNIQUE,"
                        + " definition bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
                s.execute("CREATE TABLE IF NOT EXISTS dynamo_items (table_id text NOT NULL, hk bytea NOT NULL,"
                        + " rk bytea NOT NULL, bucket integer NOT NULL, item bytea NOT NULL,"
                        + " PRIMARY KEY (table_id, hk, rk))");
                s.execute("CREATE INDEX IF NOT EXISTS dynamo_items_scan ON dynamo_items (table_id, bucket, hk, rk)");
                s.execute("CREATE TABLE IF NOT EXISTS dynamo_transaction_tokens (token text PRIMARY KEY,"
                        + " request_hash bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            }
            return null;
        });
    }

    public record Key(Bin hk, Bin rk) {
        public static Key of(byte[] hk, byte[] rk) {
            return new Key(new Bin(hk), new Bin(rk == null ? new byte[0] : rk));
        }
    }

    /** What to do with one locked key: put {@code item} (non-null) or delete (null). */
    public record Mutation(String tableId, Key key, int bucket, byte[] item) {
    }

    public record Row(Key key, int bucket, byte[] item) {
    }

    public record LockedKey(String tableId, Key key) {
    }

    // ---- tables

    public boolean insertTable(String name, String id, byte[] definition) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dynamo_tables (name, id, definition) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, id);
                ps.setBytes(3, definition);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public byte[] tableDefinition(String name) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM dynamo_tables WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    /** Removes the table and its items; returns the removed definition, or null if there was none. */
    public byte[] deleteTable(String name) {
        return inTransaction(c -> {
            byte[] definition;
            String id;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamo_tables WHERE name = ? RETURNING id, definition")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    id = rs.getString(1);
                    definition = rs.getBytes(2);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dynamo_items WHERE table_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return definition;
        });
    }

    public List<String> tableNames() {
        return inTransaction(c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM dynamo_tables ORDER BY name COLLATE \"C\"")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    /** Item count and total stored bytes of a table. */
    public long[] tableStatistics(String tableId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*), coalesce(sum(length(item)), 0) FROM dynamo_items WHERE table_id = ?")) {
                ps.setString(1, tableId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        });
    }

    // ---- items

    public byte[] get(String tableId, Key key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT item FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ?")) {
            ps.setString(1, tableId);
            ps.setBytes(2, key.hk().bytes());
            ps.setBytes(3, key.rk().bytes());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /** Reads several items from one snapshot (REPEATABLE READ), as TransactGetItems requires. */
    public Map<LockedKey, byte[]> getAll(Collection<LockedKey> keys, boolean oneSnapshot) {
        return inTransaction(c -> {
            if (oneSnapshot) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                return read(c, keys);
            } finally {
                if (oneSnapshot) {
                    c.commit();
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
            }
        });
    }

    /**
     * Locks every key, reads the current items, lets {@code decide} turn them into mutations (or throw, which
     * rolls back and writes nothing), applies the mutations and commits. Retried on deadlock or serialisation
     * failure, which the key-ordered locking should make rare.
     */
    public <T> T write(Collection<LockedKey> keys, Function<Map<LockedKey, byte[]>, Decision<T>> decide) {
        if (keys.size() == 1) {
            LockedKey key = keys.iterator().next();
            return inTransaction(c -> {
                byte[] current = lockAndRead(c, key);
                Decision<T> decision = decide.apply(current == null ? Map.of() : Map.of(key, current));
                if (decision.mutations().size() == 1) {
                    applyAndCommit(c, decision.mutations().get(0));
                } else {
                    apply(c, decision.mutations());
                }
                return decision.result();
            });
        }
        TreeMap<Long, LockedKey> locks = new TreeMap<>();
        for (LockedKey key : keys) {
            locks.put(lockId(key), key);
        }
        return inTransaction(c -> {
            lock(c, locks.keySet());
            Map<LockedKey, byte[]> current = read(c, keys);
            Decision<T> decision = decide.apply(current);
            apply(c, decision.mutations());
            return decision.result();
        });
    }

    public record Decision<T>(List<Mutation> mutations, T result) {
    }

    /**
     * A single-key read-modify-write that holds no connection or lock while {@code decide} runs: read the item
     * (autocommit, one round trip), decide, then write only if the item is still exactly what was read — key lock,
     * compare-and-set and COMMIT in one round trip. If another writer got in between, the write changes nothing and
     * the whole read-decide-write runs again; after {@code CAS_ATTEMPTS} such losses it falls back to
     * {@link #write}, which decides under the key's lock, so a hot key still makes progress.
     *
     * <p>Why this is as safe as deciding under the lock: the compare-and-set statement runs after the key's lock is
     * granted, in its own snapshot, so it sees every write committed before (a transaction or a conditional write of
     * the same key always commits before releasing the lock); equal stored bytes mean an equal item, so a decision
     * made on the read is exactly the decision that would be made now. A decision that writes nothing (a failed
     * condition, a delete of an absent item) took effect at the read, which saw a committed state.
     */
    public <T> T writeOptimistic(LockedKey key, Function<byte[], Decision<T>> decide) {
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            byte[] current = get(key.tableId(), key.key());
            Decision<T> decision = decide.apply(current);
            if (decision.mutations().isEmpty()) {
                return decision.result();
            }
            if (decision.mutations().size() != 1 || !decision.mutations().get(0).key().equals(key.key())
                    || !decision.mutations().get(0).tableId().equals(key.tableId())) {
                throw new IllegalArgumentException("a single-key write must mutate only its own key");
            }
            if (compareAndSet(key, current, decision.mutations().get(0))) {
                return decision.result();
            }
            log.debug("compare-and-set lost on attempt {}", attempt);
        }
        return write(List.of(key), current -> decide.apply(current.get(key)));
    }

    private boolean compareAndSet(LockedKey key, byte[] expected, Mutation m) {
        String change;
        if (expected == null) {
            if (m.item() == null) {
                return true;
            }
            change = "INSERT INTO dynamo_items (table_id, hk, rk, bucket, item) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (table_id, hk, rk) DO NOTHING";
        } else if (m.item() != null) {
            change = "UPDATE dynamo_items SET item = ? WHERE table_id = ? AND hk = ? AND rk = ? AND item = ?";
        } else {
            change = "DELETE FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ? AND item = ?";
        }
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?); " + change + "; COMMIT")) {
                int i = 1;
                ps.setLong(i++, lockId(key));
                if (expected == null) {
                    ps.setString(i++, m.tableId());
                    ps.setBytes(i++, m.key().hk().bytes());
                    ps.setBytes(i++, m.key().rk().bytes());
                    ps.setInt(i++, m.bucket());
                    ps.setBytes(i++, m.item());
                } else {
                    if (m.item() != null) {
                        ps.setBytes(i++, m.item());
                    }
                    ps.setString(i++, m.tableId());
                    ps.setBytes(i++, m.key().hk().bytes());
                    ps.setBytes(i++, m.key().rk().bytes());
                    ps.setBytes(i++, expected);
                }
                ps.execute();
                if (ps.getMoreResults()) {
                    throw new SQLException("expected the update count of the compare-and-set");
                }
                int changed = ps.getUpdateCount();
                while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                    // drain the COMMIT
                }
                return changed == 1;
            }
        });
    }

    /**
     * A write that does not depend on the current item (an unconditional put or delete that returns nothing): lock,
     * write and COMMIT in one round trip. The key's lock still orders it with transactions and conditional writes
     * of the same key, so none of them can act on a read this write has made stale.
     */
    public void writeBlind(Mutation m) {
        LockedKey key = new LockedKey(m.tableId(), m.key());
        inTransaction(c -> {
            String sql = m.item() != null
                    ? "SELECT pg_advisory_xact_lock(?); INSERT INTO dynamo_items (table_id, hk, rk, bucket, item)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (table_id, hk, rk) DO UPDATE SET item = EXCLUDED.item;"
                            + " COMMIT"
                    : "SELECT pg_advisory_xact_lock(?); DELETE FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ?;"
                            + " COMMIT";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, lockId(key));
                ps.setString(2, m.tableId());
                ps.setBytes(3, m.key().hk().bytes());
                ps.setBytes(4, m.key().rk().bytes());
                if (m.item() != null) {
                    ps.setInt(5, m.bucket());
                    ps.setBytes(6, m.item());
                }
                ps.execute();
                // drain every result so a failure of a later statement surfaces here, not silently
                while (ps.getMoreResults() || ps.getUpdateCount() != -1) {
                    // next result
                }
            }
            return null;
        });
    }

    /** What a client request token says about a transaction. */
    public enum TokenState { NEW, ALREADY_APPLIED, MISMATCH }

    /**
     * Like {@link #write}, but idempotent per client request token for {@code tokenWindowSeconds}: the token is
     * recorded in the same database transaction as the writes, so a retry of a committed transaction finds it and
     * applies nothing ({@code alreadyApplied} is returned); the same token with a different request is refused.
     * A concurrent duplicate blocks on the token's row until the first commits.
     */
    public <T> T writeOnce(String token, byte[] requestHash, long tokenWindowSeconds, Collection<LockedKey> keys,
                           Function<Map<LockedKey, byte[]>, Decision<T>> decide, Function<TokenState, T> alreadyHandled) {
        TreeMap<Long, LockedKey> locks = new TreeMap<>();
        for (LockedKey key : keys) {
            locks.put(lockId(key), key);
        }
        return inTransaction(c -> {
            TokenState state = claimToken(c, token, requestHash, tokenWindowSeconds);
            if (state != TokenState.NEW) {
                return alreadyHandled.apply(state);
            }
            lock(c, locks.keySet());
            Map<LockedKey, byte[]> current = read(c, keys);
            Decision<T> decision = decide.apply(current);
            apply(c, decision.mutations());
            return decision.result();
        });
    }

    private static TokenState claimToken(Connection c, String token, byte[] requestHash, long windowSeconds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO dynamo_transaction_tokens (token, request_hash)"
                + " VALUES (?, ?) ON CONFLICT (token) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
                + " created_at = now() WHERE dynamo_transaction_tokens.created_at < now() - make_interval(secs => ?)")) {
            ps.setString(1, token);
            ps.setBytes(2, requestHash);
            ps.setLong(3, windowSeconds);
            if (ps.executeUpdate() == 1) {
                return TokenState.NEW;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT request_hash FROM dynamo_transaction_tokens WHERE token = ?")) {
            ps.setString(1, token);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return java.util.Arrays.equals(rs.getBytes(1), requestHash) ? TokenState.ALREADY_APPLIED
                        : TokenState.MISMATCH;
            }
        }
    }

    /**
     * The single-key case in one round trip: two statements sent together. Under READ COMMITTED each statement
     * takes its own snapshot, so the read sees every write committed before the lock was granted.
     */
    private static byte[] lockAndRead(Connection c, LockedKey key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?);"
                + " SELECT item FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ?")) {
            ps.setLong(1, lockId(key));
            ps.setString(2, key.tableId());
            ps.setBytes(3, key.key().hk().bytes());
            ps.setBytes(4, key.key().rk().bytes());
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("expected the item read after the lock");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static void lock(Connection c, Collection<Long> lockIds) throws SQLException {
        if (lockIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_advisory_xact_lock(id) FROM unnest(?::bigint[]) WITH ORDINALITY AS t(id, n) ORDER BY n")) {
            ps.setArray(1, c.createArrayOf("bigint", lockIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // drain: each row is one lock taken, in order
                }
            }
        }
    }

    private static Map<LockedKey, byte[]> read(Connection c, Collection<LockedKey> keys) throws SQLException {
        Map<LockedKey, byte[]> found = new HashMap<>();
        if (keys.size() == 1) {
            LockedKey key = keys.iterator().next();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT item FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ?")) {
                ps.setString(1, key.tableId());
                ps.setBytes(2, key.key().hk().bytes());
                ps.setBytes(3, key.key().rk().bytes());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        found.put(key, rs.getBytes(1));
                    }
                }
            }
            return found;
        }
        List<LockedKey> list = List.copyOf(keys);
        String[] tables = new String[list.size()];
        byte[][] hks = new byte[list.size()][];
        byte[][] rks = new byte[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            tables[i] = list.get(i).tableId();
            hks[i] = list.get(i).key().hk().bytes();
            rks[i] = list.get(i).key().rk().bytes();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT i.table_id, i.hk, i.rk, i.item FROM unnest(?::text[], ?::bytea[], ?::bytea[]) AS k(t, h, r)"
                        + " JOIN dynamo_items i ON i.table_id = k.t AND i.hk = k.h AND i.rk = k.r")) {
            ps.setArray(1, c.createArrayOf("text", tables));
            ps.setArray(2, c.createArrayOf("bytea", hks));
            ps.setArray(3, c.createArrayOf("bytea", rks));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new LockedKey(rs.getString(1), Key.of(rs.getBytes(2), rs.getBytes(3))), rs.getBytes(4));
                }
            }
        }
        return found;
    }

    /**
     * One mutation and the COMMIT sent together, saving a round trip; the driver sees the transaction end, so the
     * caller's commit() is then a no-op. If the mutation fails, the server skips the COMMIT and the caller rolls back.
     */
    private static void applyAndCommit(Connection c, Mutation m) throws SQLException {
        String sql = m.item() != null
                ? "INSERT INTO dynamo_items (table_id, hk, rk, bucket, item) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (table_id, hk, rk) DO UPDATE SET item = EXCLUDED.item; COMMIT"
                : "DELETE FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ?; COMMIT";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, m.tableId());
            ps.setBytes(2, m.key().hk().bytes());
            ps.setBytes(3, m.key().rk().bytes());
            if (m.item() != null) {
                ps.setInt(4, m.bucket());
                ps.setBytes(5, m.item());
            }
            ps.execute();
        }
    }

    private static void apply(Connection c, List<Mutation> mutations) throws SQLException {
        List<Mutation> puts = mutations.stream().filter(m -> m.item() != null).toList();
        List<Mutation> deletes = mutations.stream().filter(m -> m.item() == null).toList();
        if (!puts.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dynamo_items (table_id, hk, rk, bucket, item) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (table_id, hk, rk) DO UPDATE SET item = EXCLUDED.item")) {
                for (Mutation m : puts) {
                    ps.setString(1, m.tableId());
                    ps.setBytes(2, m.key().hk().bytes());
                    ps.setBytes(3, m.key().rk().bytes());
                    ps.setInt(4, m.bucket());
                    ps.setBytes(5, m.item());
                    if (puts.size() == 1) {
                        ps.executeUpdate();
                    } else {
                        ps.addBatch();
                    }
                }
                if (puts.size() > 1) {
                    ps.executeBatch();
                }
            }
        }
        if (!deletes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM dynamo_items WHERE table_id = ? AND hk = ? AND rk = ?")) {
                for (Mutation m : deletes) {
                    ps.setString(1, m.tableId());
                    ps.setBytes(2, m.key().hk().bytes());
                    ps.setBytes(3, m.key().rk().bytes());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * Items under one hash key in range-key order, from {@code low} (inclusive) to {@code high} (exclusive),
     * strictly after/before {@code after} when paging.
     */
    public List<Row> query(String tableId, byte[] hk, byte[] low, boolean lowInclusive, byte[] high,
                           boolean highInclusive, boolean forward, byte[] after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT rk, bucket, item FROM dynamo_items WHERE table_id = ? AND hk = ?");
        List<byte[]> args = new ArrayList<>();
        if (low != null) {
            sql.append(lowInclusive ? " AND rk >= ?" : " AND rk > ?");
            args.add(low);
        }
        if (high != null) {
            sql.append(highInclusive ? " AND rk <= ?" : " AND rk < ?");
            args.add(high);
        }
        if (after != null) {
            sql.append(forward ? " AND rk > ?" : " AND rk < ?");
            args.add(after);
        }
        sql.append(forward ? " ORDER BY rk ASC" : " ORDER BY rk DESC").append(" LIMIT ").append(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, tableId);
            ps.setBytes(2, hk);
            for (int i = 0; i < args.size(); i++) {
                ps.setBytes(3 + i, args.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(Key.of(hk, rs.getBytes(1)), rs.getInt(2), rs.getBytes(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /** Items with bucket in [fromBucket, toBucket], ordered by (bucket, hk, rk), strictly after {@code after}. */
    public List<Row> scan(String tableId, int fromBucket, int toBucketInclusive, Row after, int limit) {
        String sql = "SELECT hk, rk, bucket, item FROM dynamo_items WHERE table_id = ? AND bucket >= ? AND bucket <= ?"
                + (after != null ? " AND (bucket, hk, rk) > (?, ?, ?)" : "")
                + " ORDER BY bucket, hk, rk LIMIT " + limit;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tableId);
            ps.setInt(2, fromBucket);
            ps.setInt(3, toBucketInclusive);
            if (after != null) {
                ps.setInt(4, after.bucket());
                ps.setBytes(5, after.key().hk().bytes());
                ps.setBytes(6, after.key().rk().bytes());
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(Key.of(rs.getBytes(1), rs.getBytes(2)), rs.getInt(3), rs.getBytes(4)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    public boolean healthy() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inTransaction(SqlWork<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw storageFailure(e);
                }
                last = e;
                log.debug("retrying after {} (attempt {})", e.getSQLState(), attempt);
            }
        }
        throw storageFailure(last);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool will discard it
        }
    }

    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state) || "23505".equals(state);
    }

    private static DynamoException storageFailure(SQLException e) {
        log.warn("storage failure: {}", e.toString());
        return new DynamoException(DynamoException.INTERNAL, "Internal server error");
    }

    /** 64-bit FNV-1a of the key; a collision only serialises two unrelated keys. */
    static long lockId(LockedKey key) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, key.tableId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        h = fnv(h, new byte[] {0});
        h = fnv(h, key.key().hk().bytes());
        h = fnv(h, new byte[] {0});
        h = fnv(h, key.key().rk().bytes());
        return h;
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= (b & 0xFF);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
