package io.cascadelab.platform.fault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer token that guards every operator endpoint (fault hooks and runbooks): the fleet's
 * {@code cascade.faults.token}. Compared in constant time; with no token configured nothing is accepted.
 */
public final class OperatorToken {

    private final byte[] expected;

    public OperatorToken(String token) {
        this.expected = ("Bearer " + (token == null ? "" : token)).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether operator endpoints are enabled at all (a token is configured). */
    public boolean configured() {
        return expected.length > "Bearer ".length();
    }

    /** Whether an {@code Authorization} header value carries the configured token. */
    public boolean accepts(String authorizationHeader) {
        return configured() && authorizationHeader != null
                && MessageDigest.isEqual(expected, authorizationHeader.getBytes(StandardCharsets.UTF_8));
    }
}
