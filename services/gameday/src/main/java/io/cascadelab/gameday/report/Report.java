package io.cascadelab.gameday.report;

import java.util.List;
import java.util.Map;

import io.cascadelab.gameday.run.GameDayView;

/**
 * {@code report.json}: one run, held against AWS's timeline. Times are incident seconds since T+0.
 *
 * @param signals  the summary numbers the fidelity checks use
 * @param series   every sampled signal, {@code [incidentSecondsSinceRunStart, value]}
 */
public record Report(String id, String scenario, String mode, String operator, long seed, double timeScale,
                     String status, String startedAt, Double t0Seconds, double durationSeconds,
                     List<GameDayView.Phase> phases, List<GameDayView.Event> events, Summary signals,
                     Map<String, List<double[]>> series) {

    /**
     * @param leasesRecoveredFraction  active leases / all leases at the end of the run
     * @param healthFlipsMax           most NLB health flips in one incident minute
     * @param azsInDnsMin              fewest AZs the customer NLB had in DNS
     * @param customerErrorRateMax     highest fraction of failed customer NLB requests in one sample
     * @param dnsAnswersMin            fewest addresses the regional name answered
     * @param dynamoErrorRateMax       highest fraction of failed customer DynamoDB requests in one sample
     */
    public record Summary(Double leasesRecoveredFraction, Double healthFlipsMax, Double azsInDnsMin,
                          Double customerErrorRateMax, Double dnsAnswersMin, Double dynamoErrorRateMax) {
    }
}
