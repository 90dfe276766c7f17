package io.cascadelab.gameday;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The control plane people use: starts the embedded fleet, runs scenarios, chaos and runbooks, serves the console. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GameDayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GameDayApplication.class, args);
    }
}
