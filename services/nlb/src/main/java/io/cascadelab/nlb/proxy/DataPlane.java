package io.cascadelab.nlb.proxy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cascadelab.nlb.NlbMetrics;
import io.cascadelab.nlb.target.Target;
import io.cascadelab.nlb.target.TargetGroup;
import io.cascadelab.platform.fault.FaultHook;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The data-plane nodes: one HTTP server per node, each forwarding a customer's request to a target of
 * its own AZ ({@code {droplets}/instances/{id}/app/**}). A node with no target, or whose target does not answer
 * (an instance without network state: the droplet says 503 NoNetwork; or no answer in {@code timeout}), resets
 * the customer's connection — a load balancer at layer 4 has no error page to send. {@code /__nlb/health} is
 * the node's own health-check answer.
 */
public final class DataPlane implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DataPlane.class);

    private final List<DataPlaneNode> nodes;
    private final TargetGroup targets;
    private final URI droplets;
    private final Duration timeout;
    private final NlbMetrics metrics;
    private final FaultHook faults;
    private final HttpClient client;
    private final List<DisposableServer> servers = new ArrayList<>();

    /** @param timeout wall time a node waits for its target */
    public DataPlane(List<DataPlaneNode> nodes, TargetGroup targets, URI droplets, Duration timeout,
                     NlbMetrics metrics, FaultHook faults) {
        this.nodes = List.copyOf(nodes);
        this.targets = targets;
        this.droplets = droplets;
        this.timeout = timeout;
        this.metrics = metrics;
        this.faults = faults;
        this.client = HttpClient.create().responseTimeout(timeout)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()));
    }

    public synchronized void start() {
        for (DataPlaneNode node : nodes) {
            servers.add(HttpServer.create().host(node.listenHost()).port(node.listenPort())
                    .handle((request, response) -> handle(node, request, response))
                    .bindNow(Duration.ofSeconds(10)));
            log.info("data-plane node {} ({}) listening on {}:{}", node.az(), node.address(), node.listenHost(),
                    node.listenPort());
        }
    }

    /** The fault hook's ingress faults (HTTPChaos-style delay/abort) apply to nodes as to any service. */
    private Mono<Void> handle(DataPlaneNode node, HttpServerRequest request, HttpServerResponse response) {
        return faults.onIngress(request.path().isEmpty() ? "/" : "/" + request.path()).map(verdict -> {
            Mono<Void> wait = verdict.delay().isZero() ? Mono.empty() : Mono.delay(verdict.delay()).then();
            return verdict.abort() ? wait.then(Mono.defer(() -> reset(node, response)))
                    : wait.then(Mono.defer(() -> serve(node, request, response)));
        }).orElseGet(() -> serve(node, request, response));
    }

    private Mono<Void> serve(DataPlaneNode node, HttpServerRequest request, HttpServerResponse response) {
        if (request.uri().equals("/__nlb/health")) {
            return response.status(200).sendString(Mono.just("ok")).then();
        }
        Optional<Target> target = targets.pick(node.az());
        if (target.isEmpty()) {
            return reset(node, response);
        }
        String path = request.uri().startsWith("/") ? request.uri() : "/" + request.uri();
        String upstream = droplets.resolve("/instances/" + target.get().instanceId() + "/app" + path).toString();
        HttpMethod method = request.method();
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMap(body -> client.headers(h -> copyHeaders(request, h))
                        .request(method).uri(upstream)
                        .send((req, out) -> body.length == 0 ? out : out.sendByteArray(Mono.just(body)))
                        .responseSingle((upstreamResponse, content) -> content.asByteArray()
                                .defaultIfEmpty(new byte[0])
                                .map(bytes -> new Answer(upstreamResponse.status().code(),
                                        upstreamResponse.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE), bytes))))
                .timeout(timeout)
                .flatMap(answer -> {
                    if (answer.status() == 503 && new String(answer.body(), StandardCharsets.UTF_8).contains("NoNetwork")) {
                        return reset(node, response); // the instance has no network: the connection never completes
                    }
                    metrics.connection(node.az(), "forwarded");
                    HttpServerResponse out = response.status(answer.status());
                    if (answer.contentType() != null) {
                        out.header(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
                    }
                    return out.sendByteArray(Mono.just(answer.body())).then();
                })
                .onErrorResume(e -> reset(node, response));
    }

    private static void copyHeaders(HttpServerRequest request, io.netty.handler.codec.http.HttpHeaders headers) {
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
    }

    /** Closes the customer's connection with a TCP reset and no answer. */
    private Mono<Void> reset(DataPlaneNode node, HttpServerResponse response) {
        metrics.connection(node.az(), "connection_error");
        return response.withConnection(connection -> {
            connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            connection.channel().close();
        }).then();
    }

    private record Answer(int status, String contentType, byte[] body) {
    }

    @Override
    public synchronized void close() {
        servers.forEach(DisposableServer::disposeNow);
        servers.clear();
    }
}
