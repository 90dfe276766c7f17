package io.cascadelab.gameday.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunbookTest {

    @Test
    void argumentsBecomeTheServicesJson() {
        assertThat(Runbook.ALL.get("dwfm-throttle").bodyFor("20")).isEqualTo("{\"perMinute\":20}");
        assertThat(Runbook.ALL.get("ec2-throttle").bodyFor("0.5")).isEqualTo("{\"perSecond\":0.5}");
        assertThat(Runbook.ALL.get("nlb-failover").bodyFor("disable")).isEqualTo("{\"enabled\":false}");
        assertThat(Runbook.ALL.get("nlb-failover").bodyFor("enable")).isEqualTo("{\"enabled\":true}");
        assertThat(Runbook.ALL.get("restore-dns").bodyFor(null)).isEqualTo("{}");
    }

    @Test
    void badArgumentsAreRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> Runbook.ALL.get("dwfm-throttle").bodyFor(null)).hasMessageContaining("needs an argument: rate");
        assertThatThrownBy(() -> Runbook.ALL.get("dwfm-throttle").bodyFor("-3")).hasMessageContaining("positive number");
        assertThatThrownBy(() -> Runbook.ALL.get("dwfm-throttle").bodyFor("fast")).hasMessageContaining("positive number");
        assertThatThrownBy(() -> Runbook.ALL.get("nlb-failover").bodyFor("off")).hasMessageContaining("disable or enable");
        assertThatThrownBy(() -> Runbook.ALL.get("restore-dns").bodyFor("now")).hasMessageContaining("takes no argument");
    }
}
