package io.cascadelab.helm.chaosmesh;

import java.util.List;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/** chaos-mesh.org/v1alpha1 DNSChaos. */
@Group("chaos-mesh.org")
@Version("v1alpha1")
@Kind("DNSChaos")
public class DNSChaos extends CustomResource<DNSChaos.Spec, Void> implements Namespaced {

    public static class Spec extends SelectorSpec {
        public String action;
        public List<String> patterns = List.of();
    }
}
