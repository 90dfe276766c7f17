package io.cascadelab.droplets;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(properties = {"cascade.droplets.per-az=5", "cascade.time-scale=60", "server.port=0"})
@AutoConfigureMockMvc
class DropletsApiTest {

    @Autowired
    MockMvc mvc;

    @Test
    void dwfmSeesItsDropletsAndRenewsOnlyTheLiveLease() throws Exception {
        mvc.perform(get("/droplets").param("az", "az1")).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(5))
                .andExpect(jsonPath("$[0].id").value("d-az1-00001"))
                .andExpect(jsonPath("$[0].lease.holder").value("dwfm-az1"));
        mvc.perform(get("/droplets").param("az", "az9")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("InvalidParameterValue"));
        mvc.perform(post("/droplets/d-az1-00002/check-in").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"holder\":\"dwfm-az1\",\"leaseId\":\"someone-else\",\"duration\":\"PT30M\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("LeaseNotHeld"));
        mvc.perform(post("/droplets/d-az1-00002/check-in").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"holder\":\"dwfm-az1\",\"leaseId\":\"boot-d-az1-00002\",\"duration\":\"PT30M\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.leaseId").value("boot-d-az1-00002"));
        mvc.perform(post("/droplets/d-az1-00002/lease").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"holder\":\"dwfm-az1\",\"leaseId\":\"L9\",\"duration\":\"soon\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/droplets/d-az7-00002/lease").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"holder\":\"dwfm-az1\",\"leaseId\":\"L9\",\"duration\":\"PT30M\"}"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.error").value("DropletNotFound"));
        mvc.perform(post("/droplets/d-az1-00002/lease").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"holder\":\"dwfm-az1\",\"leaseId\":\"L9\",\"duration\":\"PT30M\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.leaseId").value("L9"));
    }

    @Test
    void anInstanceAnswersOnlyOnceItsNetworkConfigurationArrived() throws Exception {
        mvc.perform(post("/droplets/d-az2-00001/instances").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"instanceId\":\"i-0abc\",\"owner\":\"app\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.state").value("pending"));
        mvc.perform(post("/droplets/d-az2-00001/instances").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"instanceId\":\"i-0abc\",\"owner\":\"app\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("InstanceExists"));
        mvc.perform(get("/instances/i-0abc/health")).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("NoNetwork"));
        mvc.perform(get("/instances/i-0abc/app/orders/7")).andExpect(status().isServiceUnavailable());
        mvc.perform(put("/instances/i-0abc/network").contentType(MediaType.APPLICATION_JSON).content("{\"version\":0}"))
                .andExpect(status().isBadRequest());
        mvc.perform(put("/instances/i-0abc/network").contentType(MediaType.APPLICATION_JSON).content("{\"version\":3}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("running"));
        mvc.perform(get("/instances/i-0abc/health")).andExpect(status().isOk());
        mvc.perform(get("/instances/i-0abc/app/orders/7")).andExpect(status().isOk());
        mvc.perform(get("/instances").param("owner", "app")).andExpect(jsonPath("$[0].dropletId").value("d-az2-00001"));
        mvc.perform(delete("/instances/i-0abc")).andExpect(status().isNoContent());
        mvc.perform(get("/instances/i-0abc")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("InvalidInstanceID.NotFound"));
    }

    @Test
    void aDropletWithoutALeaseTakesNoNetworkStateChange() throws Exception {
        mvc.perform(post("/droplets/d-az3-00001/instances").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instanceId\":\"i-0def\",\"owner\":\"app\"}")).andExpect(status().isCreated());
        // DWFM re-leases it for one incident second (17 ms at 60x), then the lease lapses
        mvc.perform(post("/droplets/d-az3-00001/lease").contentType(MediaType.APPLICATION_JSON)
                .content("{\"holder\":\"dwfm-az3\",\"leaseId\":\"short\",\"duration\":\"PT1S\"}"));
        Thread.sleep(100);
        mvc.perform(put("/instances/i-0def/network").contentType(MediaType.APPLICATION_JSON).content("{\"version\":1}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("DropletNotLeased"));
        mvc.perform(get("/instances/i-0def")).andExpect(jsonPath("$.networkVersion").value(0));
        mvc.perform(post("/droplets/d-az3-00001/network/release").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instanceId\":\"i-0gone\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("DropletNotLeased"));

        mvc.perform(post("/droplets/d-az3-00001/lease").contentType(MediaType.APPLICATION_JSON)
                .content("{\"holder\":\"dwfm-az3\",\"leaseId\":\"back\",\"duration\":\"PT30M\"}"))
                .andExpect(status().isOk());
        mvc.perform(put("/instances/i-0def/network").contentType(MediaType.APPLICATION_JSON).content("{\"version\":1}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.networkVersion").value(1));
        mvc.perform(post("/droplets/d-az3-00001/network/release").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instanceId\":\"i-0gone\"}")).andExpect(status().isOk());
        mvc.perform(post("/droplets/d-az3-00001/network/release").contentType(MediaType.APPLICATION_JSON)
                .content("{}")).andExpect(status().isBadRequest());
        mvc.perform(post("/droplets/d-az9-00001/network/release").contentType(MediaType.APPLICATION_JSON)
                .content("{\"instanceId\":\"i-0gone\"}")).andExpect(status().isNotFound());
    }
}
