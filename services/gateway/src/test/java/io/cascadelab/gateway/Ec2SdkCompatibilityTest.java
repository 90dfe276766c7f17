package io.cascadelab.gateway;

import java.net.URI;
import java.util.List;

import io.cascadelab.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Wire compatibility: the real AWS SDK v2 {@link Ec2Client}, configured with nothing but an endpoint override
 * (plus region and credentials, which every SDK client needs), launches, describes and terminates through the
 * gateway, and sees EC2's error codes.
 */
class Ec2SdkCompatibilityTest {

    static EmbeddedKafkaKraftBroker kafka;
    static FakeFleet fleet;
    static ConfigurableApplicationContext gateway;
    static Ec2Client ec2;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, Topics.EC2_INSTANCES);
        kafka.afterPropertiesSet();
        fleet = new FakeFleet();
        gateway = Ec2ApiIntegrationTest.startGateway(kafka.getBrokersAsString(), fleet.baseUrl());
        ec2 = Ec2Client.builder()
                .endpointOverride(URI.create(Ec2ApiIntegrationTest.baseUrl(gateway)))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIACASCADELOCAL0001",
                        "cascade-local-secret-key")))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    @AfterAll
    static void stop() {
        ec2.close();
        gateway.close();
        fleet.close();
        kafka.destroy();
    }

    @Test
    void theAwsSdkEc2ClientLaunchesDescribesAndTerminatesThroughTheGateway() {
        RunInstancesResponse launched = ec2.runInstances(r -> r.imageId("ami-12345678").minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone("az2"))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("owner").value("sdk").build()).build()));
        assertThat(launched.instances()).hasSize(1);
        Instance instance = launched.instances().get(0);
        assertThat(instance.instanceId()).matches("i-[0-9a-f]{17}");
        assertThat(instance.placement().availabilityZone()).isEqualTo("az2");
        assertThat(instance.placement().hostId()).startsWith("d-az2-");
        assertThat(instance.state().name()).isEqualTo(InstanceStateName.PENDING);
        assertThat(instance.tags()).containsExactly(Tag.builder().key("owner").value("sdk").build());
        assertThat(launched.reservationId()).isNotBlank();

        DescribeInstancesResponse described = ec2.describeInstances(r -> r.instanceIds(instance.instanceId()));
        assertThat(described.reservations()).hasSize(1);
        assertThat(described.reservations().get(0).instances().get(0).instanceId()).isEqualTo(instance.instanceId());
        DescribeInstancesResponse byOwner = ec2.describeInstances(r -> r.filters(
                Filter.builder().name("tag:owner").values("sdk").build()));
        assertThat(byOwner.reservations()).flatMap(reservation -> reservation.instances())
                .extracting(Instance::instanceId).containsExactly(instance.instanceId());

        TerminateInstancesResponse terminated = ec2.terminateInstances(r -> r.instanceIds(instance.instanceId()));
        assertThat(terminated.terminatingInstances()).hasSize(1);
        assertThat(terminated.terminatingInstances().get(0).currentState().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(terminated.terminatingInstances().get(0).previousState().name()).isEqualTo(InstanceStateName.PENDING);
        assertThat(ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:owner").values("sdk").build()))
                .reservations()).isEmpty();
    }

    @Test
    void theSdkSeesEc2ErrorCodesAndStatuses() {
        assertThatThrownBy(() -> ec2.describeInstances(r -> r.instanceIds("i-00000000000000000")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.requestId()).isNotBlank();
                });
        fleet.freeSlots.get("az1").set(0);
        assertThatThrownBy(() -> ec2.runInstances(r -> r.minCount(1).maxCount(1).placement(p -> p.availabilityZone("az1"))))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InsufficientInstanceCapacity");
                    assertThat(e.statusCode()).isEqualTo(500);
                });
        assertThatThrownBy(() -> ec2.runInstances(r -> r.minCount(1).maxCount(3)))
                .isInstanceOfSatisfying(Ec2Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThat(List.copyOf(fleet.instances.keySet())).isEmpty();
    }
}
