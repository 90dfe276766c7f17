package io.cascadelab.platform;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What every Cascade service instance knows about the run it belongs to. The launcher passes these on
 * the command line; a run's seed, mode and time scale reach every service this way.
 *
 * @param instance   this instance's identity, e.g. {@code dns-enactor-az1}; defaults to the application name
 * @param az         availability zone, e.g. {@code az1}; empty for regional services
 * @param mode       {@code incident} (as it was) or {@code fixed} (the remediation)
 * @param seed       the run's seed; every random choice derives from it
 * @param timeScale  incident seconds per wall second (60 means an incident hour lasts a wall minute)
 * @param epoch      wall-clock instant that is incident time zero for the whole fleet
 * @param dns        where the authoritative server for the simulated zone is
 * @param faults     the fault hook's access token
 * @param credentials the key pair the local AWS-style APIs (zone, dynamo) accept and clients sign with
 * @param parentPid  exit when this process disappears (0 disables); set by the launcher
 */
@Validated
@ConfigurationProperties("cascade")
public record CascadeProperties(
        @NotBlank String instance,
        @DefaultValue("") String az,
        @DefaultValue("incident") Mode mode,
        @DefaultValue("1") long seed,
        @DefaultValue("60") @Positive double timeScale,
        Instant epoch,
        @DefaultValue Dns dns,
        @DefaultValue Faults faults,
        @DefaultValue Credentials credentials,
        @DefaultValue("0") long parentPid) {

    public enum Mode { INCIDENT, FIXED }

    /**
     * @param server    host:port of the authoritative DNS server for {@code zoneName}
     * @param zoneName  the simulated zone; names under it resolve only through {@code server}
     * @param timeout   per-query timeout (wall time: it is the network's, not the incident's)
     */
    public record Dns(@DefaultValue("127.0.0.1:15353") String server,
                      @DefaultValue("cascade.test") String zoneName,
                      @DefaultValue("1s") Duration timeout) {

        public InetSocketAddress serverAddress() {
            int colon = server.lastIndexOf(':');
            if (colon < 0) {
                return new InetSocketAddress(server, 53);
            }
            return new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
        }
    }

    /** Local-only credentials; they guard nothing real, but clients sign with them exactly as with AWS. */
    public record Credentials(@DefaultValue("AKIACASCADELOCAL0001") String accessKeyId,
                              @DefaultValue("cascade-local-secret-key") String secretAccessKey) {
    }

    /** @param token bearer token for {@code /internal/faults}; blank disables the endpoint */
    public record Faults(@DefaultValue("") String token) {
    }
}
