package io.cascadelab.zone.records;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;
import org.xbill.DNS.Name;

/**
 * Hosted zones, record sets and changes in PostgreSQL. Change batches on one zone are serialised twice:
 * by a lock in this process (so listeners see batches in serial order) and by {@code SELECT ... FOR UPDATE}
 * on the zone row (so a second process sharing the database cannot interleave). A batch that cannot get
 * either within {@code lockWait} fails with {@code PriorRequestNotComplete}, which SDK clients retry.
 */
public final class ZoneStore {

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS hosted_zone (
              id               text PRIMARY KEY,
              name             text NOT NULL,
              caller_reference text NOT NULL UNIQUE,
              comment          text,
              serial           bigint NOT NULL,
              name_servers     text[] NOT NULL,
              created_at       timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS record_set (
              zone_id       text NOT NULL REFERENCES hosted_zone(id),
              name          text NOT NULL,
              type          text NOT NULL,
              ttl           bigint NOT NULL,
              record_values text[] NOT NULL,
              sort_key      text COLLATE "C" NOT NULL,
              PRIMARY KEY (zone_id, name, type));
            CREATE INDEX IF NOT EXISTS record_set_route53_order ON record_set (zone_id, sort_key, type);
            CREATE TABLE IF NOT EXISTS zone_change (
              id           text PRIMARY KEY,
              zone_id      text NOT NULL REFERENCES hosted_zone(id),
              serial       bigint NOT NULL,
              submitted_at timestamptz NOT NULL,
              comment      text);
            """;

    private static final String ZONE_COLUMNS = "id, name, caller_reference, comment, serial, name_servers, created_at, "
            + "(SELECT count(*) FROM record_set r WHERE r.zone_id = z.id) AS record_count";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration lockWait;
    private final List<CommittedBatchListener> listeners;
    private final Map<String, ReentrantLock> zoneLocks = new ConcurrentHashMap<>();

    public ZoneStore(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Duration lockWait,
                     List<CommittedBatchListener> listeners) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.lockWait = lockWait;
        this.listeners = List.copyOf(listeners);
    }

    /** Idempotent: safe on every start and from several processes at once. */
    public void createSchema() {
        tx.executeWithoutResult(status -> {
            jdbc.execute("SELECT pg_advisory_xact_lock(53)");
            for (String statement : SCHEMA.split(";")) {
                if (!statement.isBlank()) {
                    jdbc.execute(statement);
                }
            }
        });
    }

    /**
     * Creates a zone with its SOA and NS record sets. The id and the first change id are the caller's.
     * Fails with HostedZoneAlreadyExists for a reused caller reference, ConflictingDomainExists when another
     * zone already has the name (this stand-in serves one zone per name over DNS).
     */
    public HostedZoneCreated createZone(String id, String name, String callerReference, String comment,
                                        List<String> nameServers, RecordSet soa, RecordSet ns) {
        Instant now = clock.instant();
        ChangeInfo change = new ChangeInfo(changeId(id, 1), id, 1, now, comment);
        HostedZone zone = tx.execute(status -> {
            jdbc.execute("SELECT pg_advisory_xact_lock(53)");
            if (!jdbc.queryForList("SELECT id FROM hosted_zone WHERE caller_reference = ?", String.class,
                    callerReference).isEmpty()) {
                throw Route53Error.hostedZoneAlreadyExists(callerReference);
            }
            if (!jdbc.queryForList("SELECT id FROM hosted_zone WHERE name = ?", String.class, name).isEmpty()) {
                throw Route53Error.conflictingDomainExists(name);
            }
            jdbc.update("INSERT INTO hosted_zone (id, name, caller_reference, comment, serial, name_servers, created_at)"
                            + " VALUES (?, ?, ?, ?, 1, ?, ?)", id, name, callerReference, comment,
                    textArray(nameServers), Timestamp.from(now));
            insertSet(id, soa);
            insertSet(id, ns);
            jdbc.update("INSERT INTO zone_change (id, zone_id, serial, submitted_at, comment) VALUES (?, ?, ?, ?, ?)",
                    change.id(), id, change.serial(), Timestamp.from(now), comment);
            return new HostedZone(id, name, callerReference, comment, 1, 2, nameServers, now);
        });
        Map<RecordSet.Key, Optional<RecordSet>> after = new LinkedHashMap<>();
        after.put(soa.key(), Optional.of(soa));
        after.put(ns.key(), Optional.of(ns));
        notifyListeners(new CommittedBatch(id, name, change, after));
        return new HostedZoneCreated(zone, change);
    }

    public record HostedZoneCreated(HostedZone zone, ChangeInfo change) {
    }

    public Optional<HostedZone> zone(String id) {
        return jdbc.query("SELECT " + ZONE_COLUMNS + " FROM hosted_zone z WHERE id = ?", this::zoneRow, id)
                .stream().findFirst();
    }

    public Optional<HostedZone> zoneByName(String name) {
        return jdbc.query("SELECT " + ZONE_COLUMNS + " FROM hosted_zone z WHERE name = ? ORDER BY id", this::zoneRow,
                name).stream().findFirst();
    }

    public List<HostedZone> zones() {
        return jdbc.query("SELECT " + ZONE_COLUMNS + " FROM hosted_zone z", this::zoneRow);
    }

    public Optional<ChangeInfo> change(String id) {
        return jdbc.query("SELECT id, zone_id, serial, submitted_at, comment FROM zone_change WHERE id = ?",
                (rs, n) -> new ChangeInfo(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)), id).stream().findFirst();
    }

    /**
     * Record sets in Route 53's order starting at ({@code startName}, {@code startType}); at most
     * {@code limit} of them.
     */
    public List<RecordSet> list(String zoneId, String startName, String startType, int limit) {
        if (startName == null) {
            return jdbc.query("SELECT name, type, ttl, record_values FROM record_set WHERE zone_id = ? "
                    + "ORDER BY sort_key, type LIMIT ?", RECORD_SET, zoneId, limit);
        }
        return jdbc.query("SELECT name, type, ttl, record_values FROM record_set WHERE zone_id = ? "
                        + "AND (sort_key, type) >= (? COLLATE \"C\", ?) ORDER BY sort_key, type LIMIT ?", RECORD_SET,
                zoneId, DnsNames.sortKey(startName), startType == null ? "" : startType, limit);
    }

    /** Streams every record set of a zone (for building the DNS snapshot). */
    public void forEachRecordSet(String zoneId, Consumer<RecordSet> consumer) {
        jdbc.query("SELECT name, type, ttl, record_values FROM record_set WHERE zone_id = ?",
                rs -> {
                    consumer.accept(RECORD_SET.mapRow(rs, 0));
                }, zoneId);
    }

    /**
     * Applies a change batch atomically following Route 53's rules, or throws a {@link Route53Error} and
     * changes nothing.
     */
    public CommittedBatch apply(String zoneId, List<Change> changes, String comment) {
        ReentrantLock lock = zoneLocks.computeIfAbsent(zoneId, id -> new ReentrantLock(true));
        try {
            if (!lock.tryLock(lockWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw Route53Error.priorRequestNotComplete();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Route53Error.priorRequestNotComplete();
        }
        try {
            CommittedBatch batch;
            try {
                batch = tx.execute(status -> applyInTransaction(zoneId, changes, comment));
            } catch (DataAccessException e) {
                if (isContention(e)) {
                    throw Route53Error.priorRequestNotComplete();
                }
                throw e;
            }
            notifyListeners(batch);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private CommittedBatch applyInTransaction(String zoneId, List<Change> changes, String comment) {
        jdbc.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockWait.toMillis()) + "ms'");
        List<Map<String, Object>> zoneRows = jdbc.queryForList(
                "SELECT name, serial FROM hosted_zone WHERE id = ? FOR UPDATE", zoneId);
        if (zoneRows.isEmpty()) {
            throw Route53Error.noSuchHostedZone(zoneId);
        }
        String zoneName = (String) zoneRows.get(0).get("name");
        long serial = ((Number) zoneRows.get(0).get("serial")).longValue();
        Name zone = DnsNames.parse(zoneName);

        Set<String> touchedNames = new LinkedHashSet<>();
        changes.forEach(c -> touchedNames.add(c.recordSet().name()));
        Map<RecordSet.Key, RecordSet> before = new HashMap<>();
        jdbc.query("SELECT name, type, ttl, record_values FROM record_set WHERE zone_id = ? AND name = ANY (?)",
                rs -> {
                    RecordSet set = RECORD_SET.mapRow(rs, 0);
                    before.put(set.key(), set);
                }, zoneId, textArray(new ArrayList<>(touchedNames)));

        List<String> messages = new ArrayList<>();
        Map<RecordSet.Key, RecordSet> working = new HashMap<>(before);
        // A batch may DELETE a set and CREATE it again (Route 53's replace idiom, and the compare-and-set the
        // fixed enactor relies on), but may not repeat the same action on the same set.
        Set<RecordSet.Key> seen = new LinkedHashSet<>();
        Set<String> seenActions = new java.util.HashSet<>();
        for (Change change : changes) {
            RecordSet set = change.recordSet();
            RecordSet.Key key = set.key();
            Name name = DnsNames.parse(set.name());
            if (!DnsNames.inZone(name, zone)) {
                messages.add("RRSet with DNS name " + set.name() + " is not permitted in zone " + zoneName);
                continue;
            }
            seen.add(key);
            if (!seenActions.add(change.action() + " " + key)) {
                messages.add("The request contains an invalid set of changes for a resource record set '"
                        + set.type() + " " + set.name() + "'");
                continue;
            }
            List<String> problems = RecordTypes.problems(set);
            if (!problems.isEmpty()) {
                messages.addAll(problems);
                continue;
            }
            boolean apex = name.equals(zone);
            if ("SOA".equals(set.type()) && !apex) {
                messages.add("RRSet of type SOA with DNS name " + set.name() + " is not permitted in zone " + zoneName
                        + ": SOA records are only permitted at the zone apex.");
                continue;
            }
            if ("CNAME".equals(set.type()) && apex) {
                messages.add("RRSet of type CNAME with DNS name " + set.name()
                        + " is not permitted at apex in zone " + zoneName);
                continue;
            }
            RecordSet existing = working.get(key);
            switch (change.action()) {
                case CREATE -> {
                    if (existing != null) {
                        messages.add("Tried to create resource record set " + key + " but it already exists");
                    } else {
                        working.put(key, set);
                    }
                }
                case UPSERT -> working.put(key, set);
                case DELETE -> {
                    if (existing == null) {
                        messages.add("Tried to delete resource record set " + key + " but it was not found");
                    } else if (!sameSet(existing, set)) {
                        messages.add("Tried to delete resource record set " + key
                                + " but the values provided do not match the current values");
                    } else if (apex && ("SOA".equals(set.type()) || "NS".equals(set.type()))) {
                        messages.add("A HostedZone must contain at least one NS record for the zone itself "
                                + "and exactly one SOA record.");
                    } else {
                        working.remove(key);
                    }
                }
            }
        }
        for (String touched : touchedNames) {
            boolean hasCname = working.containsKey(new RecordSet.Key(touched, "CNAME"));
            boolean hasOther = working.keySet().stream()
                    .anyMatch(k -> k.name().equals(touched) && !"CNAME".equals(k.type()));
            if (hasCname && hasOther) {
                messages.add("RRSet of type CNAME with DNS name " + touched
                        + " is not permitted as it conflicts with other records with the same DNS name in zone "
                        + zoneName);
            }
        }
        if (!messages.isEmpty()) {
            throw Route53Error.invalidChangeBatch(messages);
        }

        long newSerial = serial + 1;
        Map<RecordSet.Key, Optional<RecordSet>> after = new LinkedHashMap<>();
        List<Object[]> upserts = new ArrayList<>();
        List<Object[]> deletes = new ArrayList<>();
        for (RecordSet.Key key : seen) {
            RecordSet now = working.get(key);
            if (now == null) {
                deletes.add(new Object[] {zoneId, key.name(), key.type()});
            } else {
                upserts.add(new Object[] {zoneId, now.name(), now.type(), now.ttl(), textArray(now.values()),
                        DnsNames.sortKey(now.name())});
            }
            after.put(key, Optional.ofNullable(now));
        }
        RecordSet.Key soaKey = new RecordSet.Key(zoneName, "SOA");
        RecordSet soa = working.get(soaKey);
        if (soa == null) {
            soa = jdbc.query("SELECT name, type, ttl, record_values FROM record_set WHERE zone_id = ? AND name = ? "
                    + "AND type = 'SOA'", RECORD_SET, zoneId, zoneName).stream().findFirst().orElse(null);
        }
        if (soa != null) {
            RecordSet bumped = withSerial(soa, newSerial);
            upserts.removeIf(row -> row[1].equals(zoneName) && "SOA".equals(row[2]));
            upserts.add(new Object[] {zoneId, bumped.name(), "SOA", bumped.ttl(), textArray(bumped.values()),
                    DnsNames.sortKey(bumped.name())});
            after.put(soaKey, Optional.of(bumped));
        }
        if (!deletes.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM record_set WHERE zone_id = ? AND name = ? AND type = ?", deletes);
        }
        if (!upserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO record_set (zone_id, name, type, ttl, record_values, sort_key) "
                    + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (zone_id, name, type) DO UPDATE "
                    + "SET ttl = EXCLUDED.ttl, record_values = EXCLUDED.record_values", upserts);
        }
        jdbc.update("UPDATE hosted_zone SET serial = ? WHERE id = ?", newSerial, zoneId);
        Instant now = clock.instant();
        ChangeInfo change = new ChangeInfo(changeId(zoneId, newSerial), zoneId, newSerial, now, comment);
        jdbc.update("INSERT INTO zone_change (id, zone_id, serial, submitted_at, comment) VALUES (?, ?, ?, ?, ?)",
                change.id(), zoneId, newSerial, Timestamp.from(now), comment);
        return new CommittedBatch(zoneId, zoneName, change, after);
    }

    /** Lock timeout (55P03), serialization failure (40001), deadlock (40P01): another batch was in the way. */
    private static boolean isContention(DataAccessException e) {
        if (e instanceof PessimisticLockingFailureException) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && List.of("55P03", "40001", "40P01").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** DELETE must name the set exactly: same TTL and the same values (in any order). */
    private static boolean sameSet(RecordSet existing, RecordSet requested) {
        if (existing.ttl() != requested.ttl() || existing.values().size() != requested.values().size()) {
            return false;
        }
        Set<String> a = new java.util.HashSet<>();
        existing.values().forEach(v -> a.add(RecordTypes.canonicalValue(existing.type(), v)));
        Set<String> b = new java.util.HashSet<>();
        requested.values().forEach(v -> b.add(RecordTypes.canonicalValue(requested.type(), v)));
        return a.equals(b);
    }

    /** The SOA value with its serial (third field) replaced. */
    static RecordSet withSerial(RecordSet soa, long serial) {
        String[] fields = soa.values().get(0).trim().split("\\s+");
        if (fields.length != 7) {
            return soa;
        }
        fields[2] = Long.toString(serial);
        return new RecordSet(soa.name(), soa.type(), soa.ttl(), List.of(String.join(" ", fields)));
    }

    /** Change ids are derived from zone and serial: deterministic, unique, Route 53-shaped. */
    public static String changeId(String zoneId, long serial) {
        return DnsNames.derivedId('C', zoneId + "/" + serial, 13);
    }

    private void notifyListeners(CommittedBatch batch) {
        for (CommittedBatchListener listener : listeners) {
            listener.committed(batch);
        }
    }

    private void insertSet(String zoneId, RecordSet set) {
        jdbc.update("INSERT INTO record_set (zone_id, name, type, ttl, record_values, sort_key) VALUES (?, ?, ?, ?, ?, ?)",
                zoneId, set.name(), set.type(), set.ttl(), textArray(set.values()), DnsNames.sortKey(set.name()));
    }

    private Array textArray(List<String> values) {
        return jdbc.execute((java.sql.Connection c) -> c.createArrayOf("text", values.toArray(new String[0])));
    }

    private HostedZone zoneRow(ResultSet rs, int n) throws SQLException {
        return new HostedZone(rs.getString("id"), rs.getString("name"), rs.getString("caller_reference"),
                rs.getString("comment"), rs.getLong("serial"), rs.getLong("record_count"),
                Arrays.asList((String[]) rs.getArray("name_servers").getArray()),
                rs.getTimestamp("created_at").toInstant());
    }

    private static final RowMapper<RecordSet> RECORD_SET = (rs, n) -> new RecordSet(rs.getString(1), rs.getString(2),
            rs.getLong(3), Arrays.asList((String[]) rs.getArray(4).getArray()));
}
