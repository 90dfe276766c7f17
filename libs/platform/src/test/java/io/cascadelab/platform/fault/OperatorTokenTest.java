package io.cascadelab.platform.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorTokenTest {

    @Test
    void acceptsOnlyTheConfiguredBearerToken() {
        OperatorToken token = new OperatorToken("s3cret");
        assertThat(token.configured()).isTrue();
        assertThat(token.accepts("Bearer s3cret")).isTrue();
        assertThat(token.accepts("Bearer s3cre")).isFalse();
        assertThat(token.accepts("s3cret")).isFalse();
        assertThat(token.accepts(null)).isFalse();
    }

    @Test
    void withoutATokenNothingIsAccepted() {
        OperatorToken token = new OperatorToken("");
        assertThat(token.configured()).isFalse();
        assertThat(token.accepts("Bearer ")).isFalse();
        assertThat(new OperatorToken(null).accepts("Bearer null")).isFalse();
    }
}
