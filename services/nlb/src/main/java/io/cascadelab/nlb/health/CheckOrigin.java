package io.cascadelab.nlb.health;

import java.util.Optional;

/** Where the checker's checks run from: the checker hosts' rotation (see {@code CheckerHosts}). */
public interface CheckOrigin {

    /** Checks run from the checker's own process. */
    CheckOrigin LOCAL = new CheckOrigin() {
        @Override
        public Optional<String> next() {
            return Optional.empty();
        }

        @Override
        public void gone(String hostId) {
        }
    };

    /** The instance id of the host the next check runs from; empty: from this process. */
    Optional<String> next();

    /** The host's instance no longer exists (the droplets do not know it): take it out of the rotation. */
    void gone(String hostId);
}
