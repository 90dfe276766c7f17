package io.cascadelab.zone.records;

/** The SOA serial DNS currently answers with for a zone; a change is INSYNC once this has reached its serial. */
public interface ServedSerials {

    long servedSerial(String zoneId);
}
