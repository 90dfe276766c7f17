package io.cascadelab.zone.records;

/** One element of a change batch. */
public record Change(Action action, RecordSet recordSet) {

    public enum Action { CREATE, DELETE, UPSERT }
}
