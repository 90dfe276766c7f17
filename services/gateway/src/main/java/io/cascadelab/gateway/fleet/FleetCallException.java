package io.cascadelab.gateway.fleet;

/**
 * A call to a DWFM or to droplets did not give an answer the API can use.
 *
 * @see #code() the fleet service's error code ({@code InsufficientInstanceCapacity}, {@code InvalidInstanceID.NotFound}…),
 *      or {@code Unreachable} when nothing was sent, {@code Timeout}, {@code Failed} for anything else
 */
public final class FleetCallException extends RuntimeException {

    public static final String UNREACHABLE = "Unreachable";
    public static final String TIMEOUT = "Timeout";
    public static final String FAILED = "Failed";

    private final String code;
    private final int status;

    public FleetCallException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    /** The HTTP status the fleet service answered, 0 when it did not answer. */
    public int status() {
        return status;
    }

    public boolean is(String code) {
        return this.code.equals(code);
    }
}
