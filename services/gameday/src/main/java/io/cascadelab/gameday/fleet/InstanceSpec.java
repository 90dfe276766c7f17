package io.cascadelab.gameday.fleet;

import java.util.List;

/**
 * One service instance of the fleet: its identity, where it listens, and what it is told at start.
 *
 * @param name      instance identity, e.g. {@code dns-enactor-az1}
 * @param service   the service module it runs, e.g. {@code dns-enactor}
 * @param az        availability zone, or empty for regional services
 * @param address   loopback address it binds (dynamo nodes each get their own)
 * @param port      HTTP port
 * @param stage     start order: every instance of stage n is ready before stage n+1 starts
 * @param database  the PostgreSQL database it uses, or null
 * @param args      service-specific command-line properties
 * @param baseUrl   where gameday reaches it: {@code http://<address>:<port>} for the embedded fleet, or the
 *                  {@code cascade.gameday.fleet.instance-url} template's answer for a fleet run elsewhere
 */
public record InstanceSpec(String name, String service, String az, String address, int port, int stage,
                           String database, List<String> args, String baseUrl) {

    public InstanceSpec {
        args = List.copyOf(args);
    }
}
