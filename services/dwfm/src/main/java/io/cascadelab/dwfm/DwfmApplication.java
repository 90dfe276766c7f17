package io.cascadelab.dwfm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** DropletWorkflow Manager, one per AZ: leases on droplets, check-ins recorded in Dynamo, placement. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DwfmApplication {

    public static void main(String[] args) {
        SpringApplication.run(DwfmApplication.class, args);
    }
}
