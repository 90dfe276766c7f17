package io.cascadelab.droplets.fleet;

/** An instance on a droplet; it can answer traffic only once its network configuration has arrived. */
public final class Instance {

    private final String id;
    private final String dropletId;
    private final String az;
    private final String owner;
    private volatile long networkVersion;

    Instance(String id, String dropletId, String az, String owner) {
        this.id = id;
        this.dropletId = dropletId;
        this.az = az;
        this.owner = owner;
    }

    public String id() {
        return id;
    }

    public String dropletId() {
        return dropletId;
    }

    public String az() {
        return az;
    }

    public String owner() {
        return owner;
    }

    public long networkVersion() {
        return networkVersion;
    }

    public boolean networked() {
        return networkVersion > 0;
    }

    void applyNetwork(long version) {
        if (version > networkVersion) {
            networkVersion = version;
        }
    }
}
