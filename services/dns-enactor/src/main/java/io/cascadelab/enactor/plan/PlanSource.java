package io.cascadelab.enactor.plan;

import java.util.List;
import java.util.Optional;

/** The plan store as an enactor sees it: the planner's HTTP API, or an in-memory store in tests. */
public interface PlanSource {

    Optional<Plan> newest();

    /** Every stored plan, oldest first. */
    List<Plan.Summary> list();

    /** @return whether the plan was there */
    boolean delete(long generation);

    /** The store could not be reached; nothing is known. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
