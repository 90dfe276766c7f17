package io.cascadelab.zone;

import java.net.URI;
import java.util.List;

import io.cascadelab.zone.dns.AuthoritativeServer;
import io.cascadelab.zone.records.ZoneFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.RRType;

/** The zone service on a random HTTP port and a random DNS port, backed by a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cascade.zone.dns.port=0",
        "cascade.zone.dns.address=127.0.0.1",
        "cascade.zone.default-zone.name=cascade.test.",
        "cascade.zone.default-zone.negative-ttl=30s",
        "logging.structured.format.console=",
        "logging.level.io.cascadelab.zone.api=WARN",
        "logging.level.root=WARN"})
abstract class ZoneTestSupport {

    static final String ZONE = "cascade.test.";
    static final String ZONE_ID = ZoneFactory.defaultZoneId(ZONE);

    @LocalServerPort
    int httpPort;

    @Autowired
    AuthoritativeServer dnsServer;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> EmbeddedPostgres.jdbcUrl("zone_it"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    Route53Client route53() {
        return route53(-1);
    }

    /** @param retries SDK retries, or -1 for the SDK's default retry strategy */
    Route53Client route53(int retries) {
        var builder = Route53Client.builder();
        if (retries >= 0) {
            builder.overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(retries + 1)));
        }
        return builder
                .endpointOverride(URI.create("http://127.0.0.1:" + httpPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    static Change change(ChangeAction action, String name, RRType type, long ttl, String... values) {
        return Change.builder().action(action).resourceRecordSet(set(name, type, ttl, values)).build();
    }

    static ResourceRecordSet set(String name, RRType type, long ttl, String... values) {
        return ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
                .resourceRecords(List.of(values).stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build();
    }
}
