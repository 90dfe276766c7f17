package io.cascadelab.platform.aws;

import java.net.URI;

import io.cascadelab.platform.CascadeProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures a real AWS SDK v2 client builder the way every Cascade service uses one: our endpoint, the
 * local credentials, us-east-1, and the shared HTTP client that resolves through the zone and passes the
 * fault hook. Nothing else differs from production use.
 */
public final class AwsClientSupport {

    private final SdkHttpClient httpClient;
    private final CascadeProperties.Credentials credentials;

    public AwsClientSupport(SdkHttpClient httpClient, CascadeProperties.Credentials credentials) {
        this.httpClient = httpClient;
        this.credentials = credentials;
    }

    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey())))
                .httpClient(httpClient)
                .build();
    }

    public SdkHttpClient httpClient() {
        return httpClient;
    }
}
