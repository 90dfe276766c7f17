package io.cascadelab.zone.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.cascadelab.zone.ZoneApplication;
import io.cascadelab.zone.records.ZoneFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Not a test: a harness. Starts a real PostgreSQL and the zone service, loads record sets through the AWS
 * SDK and reports change throughput, writes the zone as an RFC 1035 file (for NSD) and a dnsperf query
 * file, then keeps the DNS server up for external measurement.
 *
 * <pre>
 * java -cp ... io.cascadelab.zone.bench.ZoneBenchmark RECORDS BATCH CLIENTS OUT_DIR DNS_PORT SERVE_SECONDS
 * </pre>
 */
public final class ZoneBenchmark {

    private static final String ZONE = "cascade.test.";

    private ZoneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args.length > 0 ? args[0] : "100000");
        int batch = Integer.parseInt(args.length > 1 ? args[1] : "1000");
        int clients = Integer.parseInt(args.length > 2 ? args[2] : "4");
        Path out = Path.of(args.length > 3 ? args[3] : "target/bench");
        int dnsPort = Integer.parseInt(args.length > 4 ? args[4] : "15353");
        int serveSeconds = Integer.parseInt(args.length > 5 ? args[5] : "0");
        Files.createDirectories(out);

        try (var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE zone_bench");
            }
            ConfigurableApplicationContext app = SpringApplication.run(ZoneApplication.class,
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "zone_bench"),
                    "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                    "--server.port=0", "--cascade.zone.dns.port=" + dnsPort,
                    // the server's own capacity, not a remote API's round trips
                    "--cascade.zone.api.latency=0ms",
                    "--logging.level.root=WARN", "--logging.structured.format.console=");
            int httpPort = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String zoneId = ZoneFactory.defaultZoneId(ZONE);
            try {
                load(httpPort, zoneId, records, batch, clients);
                writeZoneFile(httpPort, zoneId, out.resolve("cascade.test.zone"));
                writeQueries(records, out.resolve("queries.txt"));
                System.out.println("zone file: " + out.resolve("cascade.test.zone"));
                System.out.println("dns serving on 127.0.0.1:" + dnsPort + " for " + serveSeconds + " s");
                Thread.sleep(serveSeconds * 1000L);
            } finally {
                app.close();
            }
        }
        System.exit(0);
    }

    private static void load(int httpPort, String zoneId, int records, int batch, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                try (Route53Client r53 = client(httpPort)) {
                    while (true) {
                        long first = next.getAndAdd(batch);
                        if (first >= records) {
                            return null;
                        }
                        List<Change> changes = new ArrayList<>(batch);
                        for (long i = first; i < Math.min(records, first + batch); i++) {
                            changes.add(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(
                                    ResourceRecordSet.builder().name("h" + i + ".bench." + ZONE).type(RRType.A)
                                            .ttl(300L).resourceRecords(ResourceRecord.builder()
                                                    .value("10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "."
                                                            + (i & 255)).build()).build()).build());
                        }
                        var response = r53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId)
                                .changeBatch(cb -> cb.changes(changes)));
                    }
                }
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("loaded %d record sets in batches of %d with %d clients: %.1f s, %.0f record sets/s%n",
                records, batch, clients, seconds, records / seconds);

        // single-change batches: what an enactor does per endpoint
        try (Route53Client r53 = client(httpPort)) {
            int n = 500;
            long s = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int k = i;
                r53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.changes(
                        Change.builder().action(ChangeAction.UPSERT).resourceRecordSet(ResourceRecordSet.builder()
                                .name("single.bench." + ZONE).type(RRType.A).ttl(60L).resourceRecords(
                                        ResourceRecord.builder().value("10.255.0." + (k % 250)).build()).build())
                                .build())));
            }
            double secs = (System.nanoTime() - s) / 1e9;
            System.out.printf("single-change UPSERT batches on a %d-record zone, 1 client: %.0f batches/s (%.2f ms each)%n",
                    records, n / secs, secs * 1000 / n);
        }
    }

    private static void writeZoneFile(int httpPort, String zoneId, Path file) throws IOException {
        long start = System.nanoTime();
        int count = 0;
        try (Route53Client r53 = client(httpPort); BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("$ORIGIN " + ZONE + "\n");
            String name = null;
            RRType type = null;
            while (true) {
                String startName = name;
                RRType startType = type;
                ListResourceRecordSetsResponse page = r53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)
                        .startRecordName(startName).startRecordType(startType).maxItems("300"));
                for (ResourceRecordSet set : page.resourceRecordSets()) {
                    count++;
                    for (ResourceRecord record : set.resourceRecords()) {
                        w.write(set.name() + " " + set.ttl() + " IN " + set.typeAsString() + " " + record.value() + "\n");
                    }
                }
                if (!page.isTruncated()) {
                    break;
                }
                name = page.nextRecordName();
                type = page.nextRecordType();
            }
        }
        System.out.printf("listed %d record sets through ListResourceRecordSets in %.1f s%n", count,
                (System.nanoTime() - start) / 1e9);
    }

    private static void writeQueries(int records, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            for (int i = 0; i < 100_000; i++) {
                int roll = random.nextInt(100);
                if (roll < 90) {
                    w.write("h" + random.nextInt(records) + ".bench." + ZONE + " A\n");
                } else if (roll < 95) {
                    w.write("missing" + i + ".bench." + ZONE + " A\n");
                } else {
                    w.write("h" + random.nextInt(records) + ".bench." + ZONE + " AAAA\n");
                }
            }
        }
    }

    private static Route53Client client(int httpPort) {
        return Route53Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + httpPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCH", "x")))
                .httpClient(ApacheHttpClient.create()).build();
    }
}
