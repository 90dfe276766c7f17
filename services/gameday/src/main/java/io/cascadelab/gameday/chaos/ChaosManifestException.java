package io.cascadelab.gameday.chaos;

/** A manifest the local runner cannot honour; the message is shown to the user as is. */
public class ChaosManifestException extends RuntimeException {

    public ChaosManifestException(String message) {
        super(message);
    }
}
