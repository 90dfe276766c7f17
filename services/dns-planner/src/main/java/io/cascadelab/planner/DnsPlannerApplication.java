package io.cascadelab.planner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Writes generations of DNS plans for the DynamoDB endpoints from the load-balancer fleet it sees. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DnsPlannerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DnsPlannerApplication.class, args);
    }
}
