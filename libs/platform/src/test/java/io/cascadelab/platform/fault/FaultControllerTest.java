package io.cascadelab.platform.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "cascade.faults.token=s3cret")
class FaultControllerTest {

    @SpringBootApplication
    static class App {
    }

    @LocalServerPort
    int port;

    @Autowired
    FaultHook hook;

    private RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    @Test
    void refusesCallersWithoutTheToken() {
        var response = client().put().uri("/internal/faults/x").header("Authorization", "Bearer wrong")
                .header("Content-Type", "application/json")
                .body("{\"egress\":{\"errorPercent\":100}}").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(hook.active()).isEmpty();
    }

    @Test
    void installsListsAndLiftsAFault() {
        var installed = client().put().uri("/internal/faults/enactor-latency").header("Authorization", "Bearer s3cret")
                .header("Content-Type", "application/json")
                .body("{\"egress\":{\"latency\":\"PT0.5S\",\"jitter\":\"PT0.1S\",\"correlation\":0.25},"
                        + "\"duration\":\"PT10M\"}")
                .retrieve().toEntity(String.class);
        assertThat(installed.getStatusCode().value()).isEqualTo(200);
        assertThat(hook.active()).singleElement().satisfies(fault ->
                assertThat(fault.egress().latency()).hasMillis(500));

        var listed = client().get().uri("/internal/faults").header("Authorization", "Bearer s3cret")
                .retrieve().toEntity(String.class);
        assertThat(listed.getBody()).contains("enactor-latency");

        var removed = client().delete().uri("/internal/faults/enactor-latency").header("Authorization", "Bearer s3cret")
                .retrieve().toBodilessEntity();
        assertThat(removed.getStatusCode().value()).isEqualTo(204);
        assertThat(hook.active()).isEmpty();
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        var response = client().put().uri("/internal/faults/x").header("Authorization", "Bearer s3cret")
                .header("Content-Type", "application/json")
                .body("{\"egress\":{\"lossPercent\":250}}").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody()).contains("lossPercent");
        assertThat(hook.active()).isEmpty();
    }

    @Test
    void ingressFaultsAbortRequestsButNeverTheFaultEndpointItself() {
        client().put().uri("/internal/faults/abort").header("Authorization", "Bearer s3cret")
                .header("Content-Type", "application/json")
                .body("{\"ingress\":{\"abortPercent\":100}}").retrieve().toBodilessEntity();
        var aborted = client().get().uri("/actuator/health").retrieve().toEntity(String.class);
        assertThat(aborted.getStatusCode().value()).isEqualTo(503);
        var cleared = client().delete().uri("/internal/faults").header("Authorization", "Bearer s3cret")
                .retrieve().toBodilessEntity();
        assertThat(cleared.getStatusCode().value()).isEqualTo(204);
        assertThat(client().get().uri("/actuator/health").retrieve().toEntity(String.class).getStatusCode().value())
                .isEqualTo(200);
    }
}
