package io.cascadelab.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ToolsTest {

    @Test
    void aMissingToolFailsTheTestNamingItsAptPackage() {
        assertThatThrownBy(() -> Tools.require("cascade-no-such-tool", "cascade-tools"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("apt-get install -y cascade-tools");
    }
}
