package io.cascadelab.zone.api;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Route 53 API's own latency ({@code cascade.zone.api.latency}): every API call waits this long before the zone
 * handles it, as a call to the real, remote API does. Wall time, on the request's thread: the caller waits, the
 * machine does not work.
 */
public final class ApiLatencyFilter extends OncePerRequestFilter {

    /** The API's paths, Route 53's version prefix; actuator and everything else answer at once. */
    public static final String PATHS = "/2013-04-01/*";

    private final long latencyNanos;

    public ApiLatencyFilter(Duration latency) {
        this.latencyNanos = latency.toNanos();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        waitOut();
        chain.doFilter(request, response);
    }

    private void waitOut() throws IOException {
        try {
            Thread.sleep(latencyNanos / 1_000_000, (int) (latencyNanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the Route 53 API latency passed", e);
        }
    }
}
