package io.cascadelab.helm.chaosmesh;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * chaos-mesh.org/v1alpha1 Workflow: templates (Serial, Parallel, Suspend, Task, or an experiment). A Task's
 * conditional branches start their target template when the expression (on the task's {@code exitCode} and
 * {@code stdout}) holds.
 */
@Group("chaos-mesh.org")
@Version("v1alpha1")
public class Workflow extends CustomResource<Workflow.Spec, Void> implements Namespaced {

    public static class Spec {
        public String entry;
        public List<Template> templates = List.of();
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class Template {
        public String name;
        public String templateType;
        public String deadline;
        public List<String> children = List.of();
        public NetworkChaos.Spec networkChaos;
        public DNSChaos.Spec dnsChaos;
        public HTTPChaos.Spec httpChaos;
        public PodChaos.Spec podChaos;
        public Task task;
        public List<ConditionalBranch> conditionalBranches = List.of();
        public Map<String, Object> statusCheck;
    }

    public static class Task {
        public Container container;
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public static class ConditionalBranch {
        public String target;
        public String expression;
    }
}
