package io.cascadelab.helm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The chart rendered by helm template (helm-java), every document parsed into its fabric8 model. */
final class RenderedChart {

    static final String RELEASE = "cascade";
    static final String NAMESPACE = "cascade";

    final String yaml;
    final List<HasMetadata> objects;

    private RenderedChart(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = objects;
    }

    static RenderedChart render(Map<String, Object> values) {
        return render(values, UnaryOperator.identity());
    }

    static RenderedChart render(Map<String, Object> values, UnaryOperator<TemplateCommand> customize) {
        TemplateCommand template = new Helm(Paths.CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("v1.31.0");
        values.forEach(template::set);
        String yaml = customize.apply(template).call();
        return new RenderedChart(yaml, parse(yaml));
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            boolean empty = document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"));
            if (empty) {
                continue;
            }
            Object parsed = Serialization.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException("not a Kubernetes object:\n" + document);
            }
            objects.add(object);
        }
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    /** Deployments of the Cascade services (not infrastructure), by their cascade.io/instance label. */
    Map<String, Deployment> fleet() {
        Map<String, Deployment> fleet = new LinkedHashMap<>();
        for (Deployment deployment : all(Deployment.class)) {
            Map<String, String> labels = podLabels(deployment.getSpec().getTemplate());
            if ("cascade".equals(labels.get("app.kubernetes.io/name"))) {
                fleet.put(labels.get("cascade.io/instance"), deployment);
            }
        }
        return fleet;
    }

    /** Every workload's pod template labels, by workload name: what Chaos Mesh selectors see. */
    Map<String, Map<String, String>> podsByWorkload() {
        Map<String, Map<String, String>> pods = new LinkedHashMap<>();
        for (Deployment deployment : all(Deployment.class)) {
            pods.put(deployment.getMetadata().getName(), podLabels(deployment.getSpec().getTemplate()));
        }
        for (Pod pod : all(Pod.class)) {
            pods.put(pod.getMetadata().getName(), pod.getMetadata().getLabels());
        }
        return pods;
    }

    static Map<String, String> podLabels(PodTemplateSpec template) {
        return template.getMetadata().getLabels();
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    ConfigMap configMap(String suffix) {
        return named(ConfigMap.class, RELEASE + "-" + suffix);
    }

    Service service(String suffix) {
        return named(Service.class, RELEASE + "-" + suffix);
    }
}
