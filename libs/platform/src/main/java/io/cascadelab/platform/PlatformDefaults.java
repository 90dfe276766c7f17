package io.cascadelab.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every Cascade service shares, declared once: probes, the Prometheus endpoint, structured logs,
 * instance/AZ tags on every metric. They sit below the service's own configuration, which may override.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        Map<String, Object> map = new LinkedHashMap<>();
        // A placeholder in @DefaultValue is never resolved; in a property source it is.
        map.put("cascade.instance", "${spring.application.name:cascade}");
        map.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
        map.put("management.endpoint.health.probes.enabled", "true");
        map.put("management.endpoint.health.show-details", "always");
        map.put("management.metrics.tags.instance", "${cascade.instance}");
        map.put("management.metrics.tags.az", "${cascade.az:}");
        map.put("logging.structured.format.console", "ecs");
        map.put("logging.structured.ecs.service.name", "${spring.application.name}");
        map.put("spring.main.banner-mode", "off");
        map.put("spring.jmx.enabled", "false");
        map.put("server.shutdown", "immediate");
        return Map.copyOf(map);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("cascadePlatformDefaults", DEFAULTS));
    }
}
