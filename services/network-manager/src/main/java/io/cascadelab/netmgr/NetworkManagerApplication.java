package io.cascadelab.netmgr;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Propagates network configuration of launched instances to their droplets, with a real backlog. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NetworkManagerApplication {

    public static void main(String[] args) {
        SpringApplication.run(NetworkManagerApplication.class, args);
    }
}
