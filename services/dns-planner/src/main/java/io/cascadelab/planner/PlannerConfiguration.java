package io.cascadelab.planner;

import java.time.Clock;

import io.cascadelab.planner.fleet.NodeRegistry;
import io.cascadelab.planner.plan.PlanBuilder;
import io.cascadelab.planner.plan.PlanStore;
import io.cascadelab.planner.plan.PlanningLoop;
import io.cascadelab.platform.CascadeProperties;
import io.cascadelab.platform.random.SeededRandoms;
import io.cascadelab.platform.time.IncidentClock;
import io.cascadelab.platform.time.ScaledScheduler;
import io.cascadelab.platform.time.StartWhenReady;
import io.cascadelab.platform.time.TimeScale;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PlannerConfiguration {

    @Bean
    NodeRegistry nodeRegistry(Clock wallClock, TimeScale timeScale, PlannerProperties properties) {
        return new NodeRegistry(wallClock, timeScale, properties.nodeTimeout());
    }

    @Bean
    PlanBuilder planBuilder(PlannerProperties properties, CascadeProperties cascade, SeededRandoms randoms) {
        return new PlanBuilder(properties.endpoints(), cascade.dns().zoneName(),
                randoms.forComponent("dns-planner/accounts"));
    }

    @Bean
    PlanStore planStore(JdbcClient jdbc, TransactionTemplate transactions, JsonMapper json) {
        return new PlanStore(jdbc, transactions, json);
    }

    @Bean
    PlanningLoop planningLoop(NodeRegistry fleet, PlanBuilder builder, PlanStore store, IncidentClock clock,
                              KafkaTemplate<String, String> kafka, JsonMapper json, MeterRegistry registry) {
        return new PlanningLoop(fleet, builder, store, clock, kafka, json, registry);
    }

    /** Planning starts once the application is ready (the Kafka listener has started hearing the fleet). */
    @Bean
    StartWhenReady startPlanning(ScaledScheduler scheduler, PlanningLoop loop, PlannerProperties properties) {
        return StartWhenReady.of(() -> scheduler.every(properties.planningInterval(), "planning", loop::planOnce));
    }
}
