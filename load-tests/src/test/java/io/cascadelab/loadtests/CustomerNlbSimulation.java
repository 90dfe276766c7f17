package io.cascadelab.loadtests;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.dummy;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * The game day's NLB customers ({@code CustomerLoad} in gameday) as a Gatling simulation: customers arrive at
 * a constant rate (open model), each resolves the customer NLB's name {@code app.nlb.us-east-1.<zone>}
 * through Cascade's authoritative DNS only, picks one of the addresses at random and sends one
 * {@code GET /} to it on the NLB port, with the NLB's name as Host. Outcomes are classified as CustomerLoad
 * classifies them ({@link CustomerOutcome}): Gatling counts a request OK only for an answer below 400.
 *
 * <p>A customer whose lookup gave no address is recorded as a failed request named after the failure
 * ({@code nlb: no such name (NXDOMAIN)}, {@code nlb: lookup failed (timeout)}, ...), so the success rate and
 * its assertion count it as CustomerLoad does (a connection error). Why names are not left to Gatling's own
 * resolver, and every setting: load-tests/README.md.
 */
public class CustomerNlbSimulation extends Simulation {

    private static final String URL = "nlbUrl";
    private static final String DNS_FAILURE = "nlbDnsFailure";
    private static final String STATUS = "nlbStatus";

    private final CustomerSettings settings = CustomerSettings.fromSystemProperties();
    private final RefreshingLookup nlb = new RefreshingLookup(
            new ZoneLookup(settings.dns(), settings.timeScale(), CustomerSettings.DNS_TIMEOUT, Clock.systemUTC()),
            settings.nlbName(), Clock.systemUTC(), Duration.ofMillis(100));
    private final CustomerOutcome.Counts counts = new CustomerOutcome.Counts();

    private final HttpProtocolBuilder protocol = http
            .disableWarmUp()          // Gatling would otherwise first fetch a page from the Internet
            .disableCaching()
            .disableFollowRedirect()  // like CustomerLoad's HttpClient: a 3xx is an answer, and a success
            .header("Host", settings.hostHeader())  // the name a client connecting by name sends
            .userAgentHeader("cascade-customer (gatling)");

    private final ScenarioBuilder customers = scenario("customers")
            .exec(this::resolve)
            .doIfOrElse(session -> session.contains(URL)).then(
                    http("nlb").get(session -> session.getString(URL))
                            .requestTimeout(CustomerSettings.REQUEST_TIMEOUT)
                            .check(
                                    status().saveAs(STATUS),
                                    status().transform(CustomerOutcome::ofStatus).is(CustomerOutcome.SUCCESS)))
            .orElse(
                    dummy("nlb: #{" + DNS_FAILURE + "}", 0).withSuccess(false))
            .exec(this::count);

    {
        List<Assertion> assertions = settings.minSuccessPercent() > 0
                ? List.of(global().successfulRequests().percent().gte(settings.minSuccessPercent()))
                : List.of();
        setUp(customers.injectOpen(constantUsersPerSec(settings.ratePerSecond()).during(settings.duration())))
                .protocols(protocol)
                .assertions(assertions);
    }

    /** The customer's DNS answer: an address to connect to, or why there is none. */
    private Session resolve(Session session) {
        ZoneLookup.Answer answer = nlb.current();
        return answer.hasAddresses()
                ? session.set(URL, settings.url(answer.pick(ThreadLocalRandom.current())))
                : session.set(DNS_FAILURE, answer.failure());
    }

    private Session count(Session session) {
        Integer status = session.contains(STATUS) ? Integer.valueOf(session.getInt(STATUS)) : null;
        counts.record(CustomerOutcome.of(session.contains(URL), status));
        return session;
    }

    @Override
    public void before() {
        nlb.start();
        System.out.printf("customers: %.2f/s for %ds to %s (port %d) resolved via %s:%d at time scale %s; "
                        + "first answer: %s%s%n",
                settings.ratePerSecond(), settings.duration().toSeconds(), settings.nlbName(), settings.nlbPort(),
                settings.dns().getHostString(), settings.dns().getPort(), settings.timeScale(),
                nlb.current().hasAddresses() ? nlb.current().addresses() : nlb.current().failure(),
                settings.minSuccessPercent() > 0 ? "; fails below " + settings.minSuccessPercent() + "% success"
                        : "");
    }

    @Override
    public void after() {
        nlb.close();
        System.out.println("customers: " + counts.summary("nlb") + "; " + nlb.lookups() + " DNS lookups");
    }
}
