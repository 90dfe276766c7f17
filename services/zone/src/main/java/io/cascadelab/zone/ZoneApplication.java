package io.cascadelab.zone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Route 53 stand-in: a hosted zone in PostgreSQL behind a Route 53-compatible API, served over real DNS. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ZoneApplication {

    public static void main(String[] args) {
        SpringApplication.run(ZoneApplication.class, args);
    }
}
