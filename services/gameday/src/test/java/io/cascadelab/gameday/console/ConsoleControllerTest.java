package io.cascadelab.gameday.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class ConsoleControllerTest {

    private final FakeGameDay gameDay = new FakeGameDay();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ConsoleController(gameDay)).build();

    @Test
    void stateIsTheRunAsJson() throws Exception {
        mvc.perform(get("/gameday/state")).andExpect(status().isOk())
                .andExpect(jsonPath("$.run.scenario").value("nlb-flap"))
                .andExpect(jsonPath("$.phase").value("4-nlb-flapping"))
                .andExpect(jsonPath("$.phases.length()").value(7))
                .andExpect(jsonPath("$.signals.azsInDns[0][1]").value(3.0))
                .andExpect(jsonPath("$.runbooks[0].argument").value("disable|enable"));
    }

    @Test
    void runbooksNeedTheConsoleHeaderAndValidArguments() throws Exception {
        mvc.perform(post("/gameday/runbooks/nlb-failover").contentType(MediaType.APPLICATION_JSON)
                .content("{\"argument\":\"disable\"}")).andExpect(status().isForbidden());
        assertThat(gameDay.runbookCalls).isZero();
        mvc.perform(post("/gameday/runbooks/nlb-failover").header("X-Cascade-Console", "1")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"argument\":\"off\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.error").value(
                        "runbook nlb-failover: expected disable or enable, got 'off'"));
        mvc.perform(post("/gameday/runbooks/reboot").header("X-Cascade-Console", "1"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/gameday/runbooks/nlb-failover").header("X-Cascade-Console", "1")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"argument\":\"disable\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.ok").value(true));
        mvc.perform(get("/gameday/state")).andExpect(jsonPath("$.phase").doesNotExist());
    }

    @Test
    void theStreamIsServerSentEvents() throws Exception {
        mvc.perform(get("/gameday/stream")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM));
    }
}
