package io.cascadelab.enactor.sim;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.cascadelab.enactor.zone.Change;
import io.cascadelab.enactor.zone.RecordSet;
import io.cascadelab.enactor.zone.ZoneApi;

/** One enactor's view of a shared zone, with hooks around its calls: latency, or a scripted interleaving. */
public final class HookedZone implements ZoneApi {

    private final ZoneApi zone;
    private final Runnable beforeEveryCall;
    private final Consumer<List<Change>> beforeChange;
    private final Consumer<List<Change>> afterChangeAttempt;
    private final Runnable beforeListAll;

    public HookedZone(ZoneApi zone, Runnable beforeEveryCall, Consumer<List<Change>> beforeChange,
                      Consumer<List<Change>> afterChangeAttempt, Runnable beforeListAll) {
        this.zone = zone;
        this.beforeEveryCall = beforeEveryCall;
        this.beforeChange = beforeChange;
        this.afterChangeAttempt = afterChangeAttempt;
        this.beforeListAll = beforeListAll;
    }

    public static HookedZone withLatency(ZoneApi zone, Runnable latency) {
        return new HookedZone(zone, latency, c -> { }, c -> { }, () -> { });
    }

    @Override
    public Optional<RecordSet> get(String name, String type) {
        beforeEveryCall.run();
        return zone.get(name, type);
    }

    @Override
    public List<RecordSet> listAll() {
        beforeEveryCall.run();
        beforeListAll.run();
        return zone.listAll();
    }

    @Override
    public void change(List<Change> changes) {
        beforeEveryCall.run();
        beforeChange.accept(changes);
        try {
            zone.change(changes);
        } finally {
            afterChangeAttempt.accept(changes);
        }
    }
}
