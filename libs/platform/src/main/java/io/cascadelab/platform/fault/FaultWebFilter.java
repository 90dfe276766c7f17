package io.cascadelab.platform.fault;


import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Ingress faults for reactive services (the gateway): the same verdicts, without blocking an event loop. */
public final class FaultWebFilter implements WebFilter {

    private final FaultHook faults;

    public FaultWebFilter(FaultHook faults) {
        this.faults = faults;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith(FaultController.PATH)) {
            return chain.filter(exchange);
        }
        return faults.onIngress(path).map(verdict -> {
            Mono<Void> wait = verdict.delay().isZero() ? Mono.empty() : Mono.delay(verdict.delay()).then();
            if (verdict.abort()) {
                return wait.then(Mono.defer(() -> {
                    exchange.getResponse().getHeaders().set("Connection", "close");
                    exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
                    return exchange.getResponse().setComplete();
                }));
            }
            return wait.then(chain.filter(exchange));
        }).orElseGet(() -> chain.filter(exchange));
    }

}
