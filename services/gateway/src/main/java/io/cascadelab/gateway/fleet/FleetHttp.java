package io.cascadelab.gateway.fleet;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.cascadelab.platform.fault.FaultHook;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Non-blocking JSON calls to the fleet's services, with the platform's egress faults in front (run on a
 * bounded-elastic thread, since an injected delay sleeps) and a wall-time timeout on every call.
 */
public final class FleetHttp {

    private final WebClient web;
    private final JsonMapper json;
    private final Duration timeout;

    public FleetHttp(WebClient.Builder builder, FaultHook faults, JsonMapper json, Duration wallTimeout) {
        this.web = builder.filter(faultsFilter(faults)).build();
        this.json = json;
        this.timeout = wallTimeout;
    }

    /** The answer: status and parsed body (null when empty or not JSON). */
    public record Reply(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The fleet's {@code {"error": code}}, or a code made from the status. */
        public FleetCallException failure(String what) {
            String code = body != null && body.hasNonNull("error") ? body.get("error").asString() : FleetCallException.FAILED;
            String message = body != null && body.hasNonNull("message") ? body.get("message").asString()
                    : what + " answered " + status;
            return new FleetCallException(code, status, message);
        }
    }

    public Mono<Reply> call(HttpMethod method, URI uri, Object body) {
        WebClient.RequestBodySpec request = web.method(method).uri(uri).accept(MediaType.APPLICATION_JSON);
        WebClient.RequestHeadersSpec<?> ready = body == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeValueAsString(body));
        return ready.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> new Reply(response.statusCode().value(), parse(text))))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof FleetCallException), e -> classify(uri, e));
    }

    private JsonNode parse(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    private FleetCallException classify(URI uri, Throwable e) {
        if (e instanceof TimeoutException) {
            return new FleetCallException(FleetCallException.TIMEOUT, 0, uri + " did not answer within " + timeout);
        }
        Throwable cause = e instanceof WebClientRequestException ? e.getCause() : e;
        if (cause instanceof ConnectException) {
            // the request never left: safe to try elsewhere
            return new FleetCallException(FleetCallException.UNREACHABLE, 0, uri + ": " + cause.getMessage());
        }
        return new FleetCallException(FleetCallException.FAILED, 0, uri + ": " + e);
    }

    private static ExchangeFilterFunction faultsFilter(FaultHook faults) {
        return (request, next) -> {
            URI url = request.url();
            int port = url.getPort() < 0 ? 80 : url.getPort();
            return Mono.fromCallable(() -> {
                        faults.beforeEgress(url.getHost(), port);
                        return Boolean.TRUE;
                    })
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(ignored -> next.exchange(request));
        };
    }
}
