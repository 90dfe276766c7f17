package io.cascadelab.gameday.runbook;

import java.util.List;
import java.util.Map;

/**
 * The operators' actions, each a real call on the service that owns the mechanism. Declared as data: the
 * console, the CLI and the automatic operator all run them from here.
 *
 * @param service   the service whose instances perform it
 * @param path      the authenticated endpoint on that service
 * @param target    whether every instance performs it, or one (an operator picks a host not under chaos)
 */
record Runbook(String name, String description, String service, String path, Target target) {

    enum Target { EVERY_INSTANCE, ONE_HEALTHY_INSTANCE }

    static final Map<String, Runbook> ALL = Map.of(
            "restore-dns", new Runbook("restore-dns",
                    "Operators' manual DNS repair: point every endpoint at the newest complete plan and make the "
                            + "plan store consistent, so enactors can proceed",
                    "dns-enactor", "/runbook/restore-dns", Target.ONE_HEALTHY_INSTANCE));

    static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }
}
