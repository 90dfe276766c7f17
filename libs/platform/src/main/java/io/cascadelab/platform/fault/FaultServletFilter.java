package io.cascadelab.platform.fault;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ingress faults for servlet services: delays a request before it is handled, or aborts it. An abort
 * answers 503 with {@code Connection: close} and no body, the nearest a servlet can come to a reset.
 */
public final class FaultServletFilter extends OncePerRequestFilter {

    private final FaultHook faults;

    public FaultServletFilter(FaultHook faults) {
        this.faults = faults;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var verdict = request.getRequestURI().startsWith(FaultController.PATH)
                ? java.util.Optional.<FaultHook.IngressVerdict>empty()
                : faults.onIngress(request.getRequestURI());
        if (verdict.isPresent()) {
            verdict.get().pauseFirst();
            if (verdict.get().abort()) {
                response.setHeader("Connection", "close");
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
