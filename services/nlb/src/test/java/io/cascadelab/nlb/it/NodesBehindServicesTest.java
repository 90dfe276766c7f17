package io.cascadelab.nlb.it;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's layout: a pod has one IP, so each data-plane node listens on a port of its own and a Service per
 * node (here {@link ServiceProxy} on 127.0.8.n) forwards the node port to it. The record must carry the
 * Services' addresses, customers must get through them to their AZ's targets, and the nodes' own health checks
 * must pass where the nodes listen.
 */
class NodesBehindServicesTest {

    static final List<String> SERVICES = List.of("127.0.8.1", "127.0.8.2", "127.0.8.3");
    static NlbHarness fleet;
    static final List<ServiceProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        int nodePort = NlbHarness.freePort(SERVICES.get(0));
        List<String> listen = new ArrayList<>();
        for (String node : NlbHarness.NODES) {
            listen.add(node + ":" + NlbHarness.freePort(node));
        }
        fleet = new NlbHarness("incident", "--cascade.nlb.node-addresses=" + String.join(",", SERVICES),
                "--cascade.nlb.node-port=" + nodePort, "--cascade.nlb.node-listen=" + String.join(",", listen));
        for (int i = 0; i < SERVICES.size(); i++) {
            String[] socket = listen.get(i).split(":");
            proxies.add(new ServiceProxy(SERVICES.get(i), nodePort,
                    new InetSocketAddress(socket[0], Integer.parseInt(socket[1]))));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProxy proxy : proxies) {
            proxy.close();
        }
        fleet.close();
    }

    @Test
    void recordCarriesTheServicesAndCustomersReachTheirAzThroughThem() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.gauge("cascade.nlb.healthy.targets", "az1") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az2") == 4
                && fleet.gauge("cascade.nlb.healthy.targets", "az3") == 4
                && fleet.route53.current().equals(SERVICES));
        assertThat(fleet.route53.writes).allSatisfy(w -> assertThat(w.values()).isEqualTo(SERVICES));

        for (int i = 0; i < SERVICES.size(); i++) {
            HttpResponse<String> answer = fleet.customer(SERVICES.get(i), "/hello");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).endsWith(" in az" + (i + 1));
        }
        String status = fleet.get("/status");
        assertThat(status).contains("\"node\":\"127.0.8.2\"", "\"listen\":\"" + NlbHarness.NODES.get(1) + ":")
                .doesNotContain("\"nodeUp\":false");
        assertThat(fleet.gauge("cascade.nlb.azs.in.dns", null)).isEqualTo(3);
    }
}
