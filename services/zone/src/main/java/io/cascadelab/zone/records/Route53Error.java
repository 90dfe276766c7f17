package io.cascadelab.zone.records;

import java.util.List;

/**
 * A Route 53 error: the code, the HTTP status Route 53 answers it with, and the messages. Thrown before
 * anything is written, or from inside the transaction so that nothing is.
 */
public final class Route53Error extends RuntimeException {

    private final String code;
    private final int httpStatus;
    private final List<String> messages;

    private Route53Error(String code, int httpStatus, List<String> messages) {
        super(code + ": " + String.join("; ", messages));
        this.code = code;
        this.httpStatus = httpStatus;
        this.messages = List.copyOf(messages);
    }

    public static Route53Error invalidChangeBatch(List<String> messages) {
        return new Route53Error("InvalidChangeBatch", 400, messages);
    }

    public static Route53Error invalidInput(String message) {
        return new Route53Error("InvalidInput", 400, List.of(message));
    }

    public static Route53Error invalidDomainName(String message) {
        return new Route53Error("InvalidDomainName", 400, List.of(message));
    }

    public static Route53Error noSuchHostedZone(String id) {
        return new Route53Error("NoSuchHostedZone", 404, List.of("No hosted zone found with ID: " + id));
    }

    public static Route53Error noSuchChange(String id) {
        return new Route53Error("NoSuchChange", 404, List.of("Could not find resource with ID: " + id));
    }

    public static Route53Error priorRequestNotComplete() {
        return new Route53Error("PriorRequestNotComplete", 400,
                List.of("The request was rejected because Route 53 was still processing a prior request."));
    }

    public static Route53Error hostedZoneAlreadyExists(String callerReference) {
        return new Route53Error("HostedZoneAlreadyExists", 409,
                List.of("A hosted zone has already been created with the specified caller reference: " + callerReference));
    }

    public static Route53Error conflictingDomainExists(String name) {
        return new Route53Error("ConflictingDomainExists", 400,
                List.of("Cannot create hosted zone with DNS name " + name + ": this zone already serves it"));
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public List<String> messages() {
        return messages;
    }
}
