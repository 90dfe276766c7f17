package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MetricNamesTest {

    @Test
    void extractsMetricNamesButNotFunctionsLabelsOrKeywords() {
        assertThat(MetricNames.inExpression(
                "sum by (az) (rate(cascade_dwfm_lease_work_total{outcome=\"completed\"}[2m])) "
                        + "< 0.05 * sum by (az) (rate(cascade_dwfm_lease_work_total[2m])) and on (az) cascade_dwfm_queue_depth > 100"))
                .containsExactlyInAnyOrder("cascade_dwfm_lease_work_total", "cascade_dwfm_queue_depth");
        assertThat(MetricNames.inExpression(
                "sum(rate(cascade_netmgr_propagation_latency_seconds_sum[1m])) / sum(rate(cascade_netmgr_propagation_latency_seconds_count[1m]))"))
                .containsExactly("cascade_netmgr_propagation_latency_seconds");
        assertThat(MetricNames.inExpression("cascade_dns_endpoint_addresses{endpoint=\"dynamodb.us-east-1.cascade.test\"} == 0"))
                .containsExactly("cascade_dns_endpoint_addresses");
        assertThat(MetricNames.inExpression("changes(sum by (instance) (cascade_faults_active)[1m:5s]) > 0"))
                .containsExactly("cascade_faults_active");
    }

    @Test
    void dashboardsAndRulesUseEveryPhaseSignal() throws IOException {
        Set<String> dashboards = MetricNames.cascadeOnly(MetricNames.inDashboards(Paths.DASHBOARDS));
        Set<String> rules = MetricNames.cascadeOnly(MetricNames.inRules(Paths.RULES));
        assertThat(rules).containsExactlyInAnyOrder("cascade_dns_endpoint_addresses", "cascade_dns_plan_generation",
                "cascade_dns_enactor_applied_generation", "cascade_dwfm_leases", "cascade_dwfm_queue_depth",
                "cascade_dwfm_lease_work_total", "cascade_netmgr_event_age_seconds",
                "cascade_nlb_health_flips_total", "cascade_nlb_azs_in_dns");
        assertThat(dashboards).containsAll(rules).contains("cascade_nlb_healthy_targets", "cascade_faults_active",
                "cascade_runbook_actions_total", "cascade_dns_client_lookups_total");
    }

    @Test
    void reportsTheNamesAScrapeDoesNotExport() {
        String scrape = """
                # HELP cascade_dns_endpoint_addresses Addresses the authoritative server returns
                # TYPE cascade_dns_endpoint_addresses gauge
                cascade_dns_endpoint_addresses{az="",endpoint="dynamodb.us-east-1.cascade.test",instance="gameday"} 3.0
                cascade_faults_injected_total{instance="gameday"} 0.0
                cascade_dwfm_queue_wait_seconds_count{az="az1"} 4.0
                """;
        assertThat(MetricNames.missingFrom(Set.of("cascade_dns_endpoint_addresses", "cascade_faults_injected_total",
                "cascade_dwfm_queue_wait_seconds", "cascade_dwfm_leases"), List.of(scrape)))
                .containsExactly("cascade_dwfm_leases");
    }
}
