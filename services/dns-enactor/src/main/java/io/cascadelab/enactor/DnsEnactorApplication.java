package io.cascadelab.enactor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Applies DNS plans to the zone through the real Route 53 SDK client; three independent instances, one per AZ. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DnsEnactorApplication {

    public static void main(String[] args) {
        SpringApplication.run(DnsEnactorApplication.class, args);
    }
}
