package io.cascadelab.gateway.ec2;

/** An EC2 API error: its code, HTTP status and message, rendered as EC2's {@code <Response><Errors>} XML. */
final class Ec2Error extends RuntimeException {

    private final String code;
    private final int status;

    Ec2Error(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    static Ec2Error invalidParameter(String message) {
        return new Ec2Error("InvalidParameterValue", 400, message);
    }

    static Ec2Error missingParameter(String name) {
        return new Ec2Error("MissingParameter", 400, "The request must contain the parameter " + name);
    }

    static Ec2Error invalidAction(String action) {
        return new Ec2Error("InvalidAction", 400, "The action " + action + " is not valid for this web service.");
    }

    static Ec2Error instanceNotFound(String instanceId) {
        return new Ec2Error("InvalidInstanceID.NotFound", 400, "The instance ID '" + instanceId + "' does not exist");
    }

    static Ec2Error insufficientCapacity(String message) {
        return new Ec2Error("InsufficientInstanceCapacity", 500, message);
    }

    static Ec2Error requestLimitExceeded() {
        return new Ec2Error("RequestLimitExceeded", 503, "Request limit exceeded.");
    }

    static Ec2Error internal() {
        return new Ec2Error("InternalError", 500, "An internal error has occurred");
    }
}
