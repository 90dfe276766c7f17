package io.cascadelab.enactor.zone;

/** One change in a change batch. */
public record Change(Action action, RecordSet recordSet) {

    public enum Action { CREATE, DELETE, UPSERT }

    public static Change create(RecordSet set) {
        return new Change(Action.CREATE, set);
    }

    public static Change delete(RecordSet set) {
        return new Change(Action.DELETE, set);
    }

    public static Change upsert(RecordSet set) {
        return new Change(Action.UPSERT, set);
    }
}
