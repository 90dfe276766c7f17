package io.cascadelab.gameday.signal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Scrapes every instance's {@code /actuator/prometheus} in parallel. An instance that does not answer (in time) is
 * in the result with no samples, so that readers can tell a partial scrape from a fleet without that service.
 */
public final class FleetScraper implements Supplier<Map<String, List<PrometheusText.Sample>>> {

    private final Map<String, String> baseUrls;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    /** @param baseUrls instance name to base URL */
    public FleetScraper(Map<String, String> baseUrls, Duration timeout) {
        this.baseUrls = Map.copyOf(baseUrls);
        this.timeout = timeout;
    }

    @Override
    public Map<String, List<PrometheusText.Sample>> get() {
        Map<String, CompletableFuture<HttpResponse<String>>> pending = new LinkedHashMap<>();
        baseUrls.forEach((name, url) -> pending.put(name, http.sendAsync(HttpRequest.newBuilder(
                URI.create(url + "/actuator/prometheus")).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString())));
        Map<String, List<PrometheusText.Sample>> out = new LinkedHashMap<>();
        pending.forEach((name, future) -> {
            out.put(name, List.of());
            try {
                HttpResponse<String> response = future.join();
                if (response.statusCode() == 200) {
                    out.put(name, PrometheusText.parse(response.body()));
                }
            } catch (RuntimeException e) {
                // Down or restarting: its signals are missing from this sample, which is what the chart shows.
            }
        });
        return out;
    }
}
