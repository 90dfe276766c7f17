package io.cascadelab.loadtests;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one customer request to the NLB came to, in the vocabulary of the game day's built-in load
 * ({@code cascade.customer.requests{target=nlb,outcome}} in {@code CustomerLoad}): an answer below 400 is a
 * {@code success}; 5xx, no answer at all (connection refused or reset — a layer-4 balancer with no working
 * target resets the connection — or the timeout) and a name that did not resolve are a
 * {@code connection_error}; any other answer (4xx) is an {@code error}.
 */
public enum CustomerOutcome {
    SUCCESS("success"), ERROR("error"), CONNECTION_ERROR("connection_error");

    private final String label;

    CustomerOutcome(String label) {
        this.label = label;
    }

    /** Classifies an HTTP status; {@code null} means the request got no response. */
    public static CustomerOutcome ofStatus(Integer status) {
        if (status == null) {
            return CONNECTION_ERROR;
        }
        return status < 400 ? SUCCESS : status >= 500 ? CONNECTION_ERROR : ERROR;
    }

    /**
     * @param resolved whether the NLB's name gave an address (a customer who cannot resolve cannot connect)
     * @param status   the response status, {@code null} without a response
     */
    public static CustomerOutcome of(boolean resolved, Integer status) {
        return resolved ? ofStatus(status) : CONNECTION_ERROR;
    }

    public String label() {
        return label;
    }

    /** The label, so a failed Gatling check reads "... but actually found connection_error". */
    @Override
    public String toString() {
        return label;
    }

    /** Running totals per outcome, safe to update from Gatling's event loops. */
    public static final class Counts {

        private final Map<CustomerOutcome, LongAdder> counts = new EnumMap<>(CustomerOutcome.class);

        public Counts() {
            for (CustomerOutcome outcome : values()) {
                counts.put(outcome, new LongAdder());
            }
        }

        public void record(CustomerOutcome outcome) {
            counts.get(outcome).increment();
        }

        public long get(CustomerOutcome outcome) {
            return counts.get(outcome).sum();
        }

        public long total() {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }

        /** Share of successes in percent; 100 when nothing was sent (nothing failed). */
        public double successPercent() {
            long total = total();
            return total == 0 ? 100 : 100.0 * get(SUCCESS) / total;
        }

        /** e.g. {@code nlb requests=240 success=200 error=0 connection_error=40 (83.3% success)} */
        public String summary(String target) {
            StringBuilder line = new StringBuilder(target).append(" requests=").append(total());
            for (CustomerOutcome outcome : values()) {
                line.append(' ').append(outcome.label).append('=').append(get(outcome));
            }
            return line.append(String.format(java.util.Locale.ROOT, " (%.1f%% success)", successPercent()))
                    .toString();
        }
    }
}
