package io.cascadelab.zone.dns;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.cascadelab.platform.time.TimeScale;
import io.cascadelab.zone.records.CommittedBatch;
import io.cascadelab.zone.records.CommittedBatchListener;
import io.cascadelab.zone.records.DnsNames;
import io.cascadelab.zone.records.HostedZone;
import io.cascadelab.zone.records.RecordSet;
import io.cascadelab.zone.records.ServedSerials;
import io.cascadelab.zone.records.ZoneStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * What DNS answers from: every zone as an immutable {@link ZoneData}, all of them in one map swapped
 * atomically. Committed batches are applied by a single thread, in the order they were committed, after
 * the configured propagation delay; only then does GetChange report INSYNC.
 */
public final class DnsSnapshot implements CommittedBatchListener, ServedSerials, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsSnapshot.class);

    private final long propagationDelayNanos;
    private final MeterRegistry registry;
    private final Timer rebuildTimer;
    private final ScheduledExecutorService applier;
    private volatile Map<Name, ZoneData> zonesByOrigin = Map.of();
    private volatile Map<String, ZoneData> zonesById = Map.of();

    public DnsSnapshot(Duration propagationDelay, TimeScale timeScale, MeterRegistry registry) {
        this.propagationDelayNanos = timeScale.toWall(propagationDelay).toNanos();
        this.registry = registry;
        this.rebuildTimer = Timer.builder("cascade.zone.snapshot.rebuild")
                .description("Time to apply a committed change batch (or a full load) to the DNS snapshot")
                .register(registry);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "zone-snapshot");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.applier = executor;
    }

    /** Replaces the snapshot with everything in the store (start-up). */
    public void loadAll(ZoneStore store) {
        long start = System.nanoTime();
        for (HostedZone zone : store.zones()) {
            Map<RecordSet.Key, Optional<RecordSet>> all = new LinkedHashMap<>();
            store.forEachRecordSet(zone.id(), set -> all.put(set.key(), Optional.of(set)));
            ZoneData data = ZoneData.empty(zone.id(), DnsNames.parse(zone.name())).with(zone.serial(), all);
            install(data);
            log.info("dns snapshot loaded zone {} ({}) serial {} with {} record sets", zone.name(), zone.id(),
                    zone.serial(), data.recordSets());
        }
        rebuildTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void committed(CommittedBatch batch) {
        if (propagationDelayNanos <= 0) {
            applier.execute(() -> apply(batch));
        } else {
            applier.schedule(() -> apply(batch), propagationDelayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void apply(CommittedBatch batch) {
        try {
            long start = System.nanoTime();
            ZoneData current = zonesById.get(batch.zoneId());
            if (current == null) {
                current = ZoneData.empty(batch.zoneId(), DnsNames.parse(batch.zoneName()));
            }
            if (batch.change().serial() <= current.serial()) {
                return; // already in the snapshot (loaded after the commit)
            }
            install(current.with(batch.change().serial(), batch.after()));
            rebuildTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            log.error("could not apply change {} to the dns snapshot", batch.change().id(), e);
        }
    }

    /** Only the applier thread (and start-up, before it runs) installs, so read-modify-write is safe. */
    private synchronized void install(ZoneData data) {
        boolean isNew = !zonesById.containsKey(data.zoneId());
        Map<Name, ZoneData> byOrigin = new HashMap<>(zonesByOrigin);
        byOrigin.put(data.origin(), data);
        Map<String, ZoneData> byId = new HashMap<>(zonesById);
        byId.put(data.zoneId(), data);
        zonesByOrigin = Map.copyOf(byOrigin);
        zonesById = Map.copyOf(byId);
        if (isNew) {
            String id = data.zoneId();
            Gauge.builder("cascade.zone.records", this, s -> s.recordSets(id))
                    .description("Record sets in the zone as DNS serves it").tag("zone", id).register(registry);
            Gauge.builder("cascade.zone.soa.serial", this, s -> s.servedSerial(id))
                    .description("SOA serial DNS currently answers with").tag("zone", id).register(registry);
        }
    }

    /** The most specific zone containing {@code name}, or null (REFUSED). */
    ZoneData find(Name name) {
        Map<Name, ZoneData> zones = zonesByOrigin;
        int labels = name.labels();
        for (int strip = 0; strip < labels; strip++) {
            ZoneData zone = zones.get(strip == 0 ? name : new Name(name, strip));
            if (zone != null) {
                return zone;
            }
        }
        return null;
    }

    @Override
    public long servedSerial(String zoneId) {
        ZoneData zone = zonesById.get(zoneId);
        return zone == null ? 0 : zone.serial();
    }

    double recordSets(String zoneId) {
        ZoneData zone = zonesById.get(zoneId);
        return zone == null ? 0 : zone.recordSets();
    }

    @Override
    public void close() {
        applier.shutdownNow();
    }
}
