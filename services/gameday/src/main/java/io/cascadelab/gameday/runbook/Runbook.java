package io.cascadelab.gameday.runbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators' actions, each a real call on the service that owns the mechanism (or a real process
 * restart). Declared as data: the console, the CLI and the automatic operator all run them from here.
 *
 * @param service   the service whose instances perform it
 * @param method    HTTP method of the call ({@code RESTART} restarts the processes instead)
 * @param path      the authenticated endpoint on that service
 * @param body      JSON body; {@code ${argument}} is replaced by the argument
 * @param argument  null when the action takes none; {@code rate} for a positive number;
 *                  {@code disable|enable} for a switch
 * @param target    whether every instance performs it, or one (an operator picks a host not under chaos)
 */
public record Runbook(String name, String description, String service, String method, String path, String body,
                      String argument, Target target) {

    public enum Target { EVERY_INSTANCE, ONE_HEALTHY_INSTANCE }

    public static final String RESTART = "RESTART";

    public static final Map<String, Runbook> ALL = index(List.of(
            new Runbook("restore-dns", "Repair DynamoDB's DNS by hand: point every endpoint at the newest complete "
                    + "plan and make the plan store consistent, so enactors can proceed",
                    "dns-enactor", "POST", "/runbook/restore-dns", "{}", null, Target.ONE_HEALTHY_INSTANCE),
            new Runbook("dwfm-throttle", "Limit how many lease establishments each DWFM admits per incident minute",
                    "dwfm", "POST", "/runbook/throttle", "{\"perMinute\":${argument}}", "rate", Target.EVERY_INSTANCE),
            new Runbook("dwfm-unthrottle", "Remove the DWFM intake limit",
                    "dwfm", "DELETE", "/runbook/throttle", null, null, Target.EVERY_INSTANCE),
            new Runbook("dwfm-restart", "Restart every DWFM host for real, all at once: new processes, queues gone",
                    "dwfm", RESTART, null, null, null, Target.EVERY_INSTANCE),
            new Runbook("ec2-throttle", "Tighten (or relax) the EC2 API's RunInstances rate, per incident second",
                    "gateway", "POST", "/runbook/throttle", "{\"perSecond\":${argument}}", "rate",
                    Target.EVERY_INSTANCE),
            new Runbook("ec2-unthrottle", "Remove the operators' EC2 API throttle (back to the configured default)",
                    "gateway", "DELETE", "/runbook/throttle", null, null, Target.EVERY_INSTANCE),
            new Runbook("netmgr-throttle", "Rate-limit network configuration intake, per incident minute",
                    "network-manager", "POST", "/runbook/throttle", "{\"perMinute\":${argument}}", "rate",
                    Target.EVERY_INSTANCE),
            new Runbook("netmgr-unthrottle", "Remove the network propagation rate limit",
                    "network-manager", "DELETE", "/runbook/throttle", null, null, Target.EVERY_INSTANCE),
            new Runbook("nlb-failover", "Disable or enable NLB automatic health-check DNS failover",
                    "nlb", "POST", "/runbook/failover", "{\"enabled\":${argument}}", "disable|enable",
                    Target.EVERY_INSTANCE)));

    private static Map<String, Runbook> index(List<Runbook> runbooks) {
        Map<String, Runbook> byName = new LinkedHashMap<>();
        runbooks.forEach(runbook -> byName.put(runbook.name(), runbook));
        return Map.copyOf(byName);
    }

    public static List<String> names() {
        return ALL.keySet().stream().sorted().toList();
    }

    /** The JSON body for this argument, or an IllegalArgumentException saying what is expected. */
    public String bodyFor(String value) {
        if (argument == null) {
            if (value != null && !value.isBlank()) {
                throw new IllegalArgumentException("runbook " + name + " takes no argument");
            }
            return body;
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("runbook " + name + " needs an argument: " + argument);
        }
        String json;
        if (argument.equals("rate")) {
            double rate;
            try {
                rate = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("runbook " + name + ": rate must be a positive number, got '"
                        + value + "'");
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("runbook " + name + ": rate must be a positive number, got '"
                        + value + "'");
            }
            json = rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
        } else {
            json = switch (value.trim()) {
                case "disable" -> "false";
                case "enable" -> "true";
                default -> throw new IllegalArgumentException("runbook " + name + ": expected disable or enable, got '"
                        + value + "'");
            };
        }
        return body.replace("${argument}", json);
    }
}
