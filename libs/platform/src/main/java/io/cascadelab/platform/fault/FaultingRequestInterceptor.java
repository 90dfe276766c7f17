package io.cascadelab.platform.fault;

import java.io.IOException;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Puts the fault hook in front of a Spring {@code RestClient}'s requests. */
public final class FaultingRequestInterceptor implements ClientHttpRequestInterceptor {

    private final FaultHook faults;

    public FaultingRequestInterceptor(FaultHook faults) {
        this.faults = faults;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        int port = request.getURI().getPort();
        faults.beforeEgress(request.getURI().getHost(), port < 0 ? 80 : port);
        return execution.execute(request, body);
    }
}
