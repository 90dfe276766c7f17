package io.cascadelab.enactor.plan;

import java.util.List;
import java.util.Optional;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** {@link PlanSource} over the planner's HTTP API ({@code /plans}). */
public final class PlannerClient implements PlanSource {

    private final RestClient http;

    /** @param http a client whose base URL is the planner's */
    public PlannerClient(RestClient http) {
        this.http = http;
    }

    @Override
    public Optional<Plan> newest() {
        try {
            return Optional.ofNullable(http.get().uri("/plans/latest").retrieve().body(Plan.class));
        } catch (HttpClientErrorException.NotFound e) {
            return Optional.empty();
        } catch (RestClientException e) {
            throw new Unavailable("planner: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Plan.Summary> list() {
        try {
            List<Plan.Summary> plans = http.get().uri("/plans").retrieve()
                    .body(new ParameterizedTypeReference<List<Plan.Summary>>() { });
            return plans == null ? List.of() : plans;
        } catch (RestClientException e) {
            throw new Unavailable("planner: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(long generation) {
        try {
            return http.delete().uri("/plans/{generation}", generation).retrieve().toBodilessEntity()
                    .getStatusCode().isSameCodeAs(HttpStatus.NO_CONTENT);
        } catch (HttpClientErrorException.NotFound e) {
            return false;
        } catch (RestClientException e) {
            throw new Unavailable("planner: " + e.getMessage(), e);
        }
    }
}
