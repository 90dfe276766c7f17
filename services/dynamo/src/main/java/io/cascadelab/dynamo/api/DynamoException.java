package io.cascadelab.dynamo.api;

import java.util.Map;

/**
 * An error DynamoDB would return: HTTP 400 with {@code __type} and {@code message}, and for some types extra
 * members (cancellation reasons, the item that failed a condition). Nothing is written when one is thrown.
 */
public class DynamoException extends RuntimeException {

    public static final String VALIDATION = "com.amazon.coral.validate#ValidationException";
    public static final String SERIALIZATION = "com.amazon.coral.service#SerializationException";
    public static final String UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException";
    public static final String MISSING_AUTH = "com.amazon.coral.service#MissingAuthenticationTokenException";
    private static final String NS = "com.amazonaws.dynamodb.v20120810#";
    public static final String CONDITIONAL_CHECK_FAILED = NS + "ConditionalCheckFailedException";
    public static final String RESOURCE_NOT_FOUND = NS + "ResourceNotFoundException";
    public static final String RESOURCE_IN_USE = NS + "ResourceInUseException";
    public static final String TRANSACTION_CANCELED = NS + "TransactionCanceledException";
    public static final String TRANSACTION_CONFLICT = NS + "TransactionConflictException";
    public static final String THROTTLING = NS + "ThrottlingException";
    public static final String INTERNAL = NS + "InternalServerError";

    private final String type;
    private final transient Map<String, Object> extra;

    public DynamoException(String type, String message) {
        this(type, message, Map.of());
    }

    public DynamoException(String type, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.type = type;
        this.extra = extra;
    }

    public static DynamoException validation(String message) {
        return new DynamoException(VALIDATION, message);
    }

    public static DynamoException invalidParameter(String detail) {
        return validation("One or more parameter values were invalid: " + detail);
    }

    public static DynamoException tableNotFound() {
        return new DynamoException(RESOURCE_NOT_FOUND, "Requested resource not found");
    }

    public static DynamoException unsupported(String what) {
        return validation("Cascade does not support " + what);
    }

    /** The full {@code __type}, e.g. {@code com.amazon.coral.validate#ValidationException}. */
    public String type() {
        return type;
    }

    /** The part after {@code #}, as clients and metrics name it. */
    public String shortType() {
        return type.substring(type.indexOf('#') + 1);
    }

    /** Additional members of the error body (already in DynamoDB JSON form). */
    public Map<String, Object> extra() {
        return extra;
    }
}
