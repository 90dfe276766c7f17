package io.cascadelab.platform.aws;

import java.io.IOException;

import io.cascadelab.platform.fault.FaultHook;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Puts the fault hook between the AWS SDK and the wire. Injected failures surface as the
 * {@link IOException}s a real network produces, so the SDK's own retry policy sees them as it would in
 * production (a Chaos Mesh delay on Kubernetes looks the same to the SDK).
 */
public final class FaultingSdkHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;
    private final FaultHook faults;

    public FaultingSdkHttpClient(SdkHttpClient delegate, FaultHook faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        String host = request.httpRequest().host();
        int port = request.httpRequest().port();
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                faults.beforeEgress(host, port);
                return prepared.call();
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
