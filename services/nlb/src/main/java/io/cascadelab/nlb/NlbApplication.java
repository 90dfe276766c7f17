package io.cascadelab.nlb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The NLB health-check subsystem and data plane: target health, DNS membership, AZ failover. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NlbApplication {

    public static void main(String[] args) {
        SpringApplication.run(NlbApplication.class, args);
    }
}
