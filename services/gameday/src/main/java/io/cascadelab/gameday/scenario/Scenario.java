package io.cascadelab.gameday.scenario;

import java.time.Duration;
import java.util.List;

/**
 * A game day as data ({@code chaos/scenarios/<name>.yaml}): which chaos manifests to apply when, what the
 * customers do, what an automatic operator does on AWS's timeline, and when the run is over. Nothing in a
 * scenario sets an outcome; it only changes the environment and acts as operators acted.
 *
 * @param t0        the detected event that is AWS's T+0 ({@code dns.regional.empty}), or {@code chaos} for the
 *                  moment the first manifest is applied
 * @param phases    the phases of TIMELINE.md this scenario is expected to produce
 * @param chaos     manifests from {@code chaos/}, applied at incident offsets from the run's start
 * @param load      customer behaviour
 * @param operator  runbook actions at incident offsets from T+0, for {@code --operator auto}
 * @param end       when the run is over
 */
public record Scenario(String name, String description, String t0, List<String> phases, List<ChaosStep> chaos,
                       Load load, List<OperatorStep> operator, End end) {

    /**
     * @param manifest file name under {@code chaos/}
     * @param at       incident offset from the run's start
     * @param until    remove it when this event is detected (null: the manifest's own duration)
     * @param lasting  remove it this long (incident time) after it was applied (null: see until)
     */
    public record ChaosStep(String manifest, Duration at, String until, Duration lasting) {
    }

    /**
     * @param at        incident offset from T+0 (AWS's time for this action)
     * @param runbook   the runbook to run
     * @param argument  its argument, or null
     * @param when      only if this event has been detected by then (operators act on what they see)
     */
    public record OperatorStep(Duration at, String runbook, String argument, String when) {
    }

    /**
     * @param dynamoPerSecond  customer DynamoDB requests per wall second
     * @param nlbPerSecond     customer requests to the NLB per wall second
     * @param launchesPerMinute customer RunInstances per incident minute (failed launches are retried later)
     * @param instanceLifetime  how long a customer's instance runs before the customer terminates it
     * @param burst             extra launches queued when the fleet is steady and chaos starts
     */
    public record Load(double dynamoPerSecond, double nlbPerSecond, double launchesPerMinute,
                       Duration instanceLifetime, int burst) {
    }

    /**
     * @param events   the run is over once every one of these events has been detected and every operator
     *                 step has run or been skipped
     * @param timeout  incident time after T+0 (after the run's start while T+0 is unknown) after which the
     *                 run ends anyway (from the end of warm-up while T+0 is unknown)
     */
    public record End(List<String> events, Duration timeout) {
    }
}
