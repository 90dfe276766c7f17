package io.cascadelab.dynamo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one scenario against Cascade's dynamo and against dynalite and demands the same observable outcome, step by
 * step: returned items, or the error (SDK exception class and DynamoDB error code). Returns Cascade's outcomes so a
 * test can also assert what DynamoDB's documentation says. Without dynalite a comparison is skipped, or fails under
 * CI ({@link Targets#requireDynalite()}).
 */
final class Conformance {

    /** How a step records DynamoDB's ValidationException (the SDK has no class of its own for it). */
    static final String VALIDATION_ERROR = "!DynamoDbException:ValidationException";

    private static DynamoDbClient cascade;
    private static DynamoDbClient dynalite;

    private Conformance() {
    }

    /**
     * The steps a scenario records: name → value or the error as {@link #error}: {@code "!ExceptionClass"} when the SDK
     * models the error code as its own class, else {@code "!ExceptionClass:ErrorCode"}.
     */
    static final class Steps {
        final Map<String, Object> outcomes = new LinkedHashMap<>();
        final Map<String, String> messages = new LinkedHashMap<>();
        final Map<String, Object> documented = new LinkedHashMap<>();
        final DynamoDbClient client;

        Steps(DynamoDbClient client) {
            this.client = client;
        }

        Object step(String name, Supplier<Object> action) {
            Object outcome;
            try {
                outcome = action.get();
            } catch (DynamoDbException e) {
                outcome = error(e);
                messages.put(name, e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
            }
            outcomes.put(name, outcome);
            return outcome;
        }

        /**
         * A step where dynalite departs from AWS's documentation (recorded in the README): it runs on both, but
         * only Cascade's outcome is kept, for the test to check against the documentation.
         */
        Object documented(String name, Supplier<Object> action) {
            Object outcome = step(name, action);
            outcomes.remove(name);
            documented.put(name, outcome);
            return outcome;
        }

        /** The {@code message} the error of a step carried (Cascade's, for {@link Conformance#both}). */
        String message(String name) {
            assertThat(messages).containsKey(name);
            return messages.get(name);
        }

        Object get(String name) {
            if (documented.containsKey(name)) {
                return documented.get(name);
            }
            assertThat(outcomes).containsKey(name);
            return outcomes.get(name);
        }
    }

    /**
     * An error as a step records it. ValidationException, SerializationException and other codes the SDK does not
     * model all surface as plain {@code DynamoDbException}, so the class alone would let one pass for another: the
     * error code ({@code __type} after the {@code #}) is part of the outcome.
     */
    static String error(DynamoDbException e) {
        String type = e.getClass().getSimpleName();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code == null || code.equals(type) ? "!" + type : "!" + type + ":" + code;
    }

    static synchronized DynamoDbClient cascade() {
        if (cascade == null) {
            cascade = Targets.client(Targets.cascade());
        }
        return cascade;
    }

    static synchronized DynamoDbClient dynalite() {
        if (dynalite == null) {
            dynalite = Targets.client(Targets.requireDynalite());
        }
        return dynalite;
    }

    /**
     * Runs on both; asserts equal outcomes; returns Cascade's steps. Without dynalite nothing runs: the test is
     * skipped, or fails under CI (see {@link Targets#requireDynalite()}).
     */
    static Steps both(Consumer<Steps> scenario) {
        DynamoDbClient reference = dynalite();
        Steps onCascade = new Steps(cascade());
        scenario.accept(onCascade);
        Steps onDynalite = new Steps(reference);
        scenario.accept(onDynalite);
        assertThat(onCascade.outcomes).as("Cascade's outcomes vs dynalite's (messages: cascade %s, dynalite %s)",
                onCascade.messages, onDynalite.messages).isEqualTo(onDynalite.outcomes);
        return onCascade;
    }

    /** For behaviour dynalite lacks or gets wrong against AWS's documentation (listed in the README). */
    static Steps cascadeOnly(Consumer<Steps> scenario) {
        Steps onCascade = new Steps(cascade());
        scenario.accept(onCascade);
        return onCascade;
    }
}
