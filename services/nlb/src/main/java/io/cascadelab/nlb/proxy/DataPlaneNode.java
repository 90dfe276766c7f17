package io.cascadelab.nlb.proxy;

import java.net.URI;

import io.cascadelab.platform.net.AnnouncedAddress;

/**
 * One data-plane node: the AZ it serves, the address customers reach it at (a value of the load balancer's A
 * record, always on the node port) and the socket it listens on. On the developer fleet they are one and the same
 * loopback address. Behind a Kubernetes Service a pod has a single IP, so each node listens on the wildcard on a
 * port of its own, and the address is the name of the node's Service, which forwards the node port to it.
 *
 * @param address    an IPv4 literal, or a name resolved each time the record is written
 * @param listenHost the host the node's server binds
 * @param listenPort the port it binds
 */
public record DataPlaneNode(String az, AnnouncedAddress address, String listenHost, int listenPort) {

    /**
     * The node's own health answer, asked where the node listens: the checker runs beside the nodes, and a pod
     * reaching itself through its own Service depends on the cluster's hairpin setting. A wildcard is asked on
     * loopback.
     */
    public URI healthUri() {
        String host = listenHost.equals("0.0.0.0") ? "127.0.0.1" : listenHost;
        return URI.create("http://" + host + ":" + listenPort + "/__nlb/health");
    }
}
