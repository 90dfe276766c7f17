package io.cascadelab.gameday.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

import io.cascadelab.gameday.GameDayProperties;
import io.cascadelab.platform.CascadeProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    FleetSupervisor fleetSupervisor(GameDayProperties properties, CascadeProperties run, Clock wallClock) {
        FleetProperties fleet = properties.fleet();
        String token = run.faults().token().isBlank() ? newToken() : run.faults().token();
        if (fleet.enabled()) {
            saveToken(fleet.stateDir(), token);
        }
        return new FleetSupervisor(fleet, run, wallClock, token);
    }

    @Bean
    FleetRunner fleetRunner(FleetSupervisor supervisor, GameDayProperties properties) {
        return new FleetRunner(supervisor, properties.fleet().enabled());
    }

    /** The fleet's secret for the fault endpoints: a credential, so it comes from SecureRandom, not the seed. */
    private static String newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void saveToken(Path stateDir, String token) {
        try {
            Files.createDirectories(stateDir);
            Path file = stateDir.resolve("token");
            Files.writeString(file, token);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot write the fault token under " + stateDir + ": " + e.getMessage(), e);
        }
    }
}
