package io.cascadelab.droplets;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The physical fleet: simulated droplets, their leases as they see them, their instances and network state. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DropletsApplication {

    public static void main(String[] args) {
        SpringApplication.run(DropletsApplication.class, args);
    }
}
