package io.cascadelab.helm.chaosmesh;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** chaos-mesh.org/v1alpha1 NetworkChaos (fabric8's chaosmesh model does not resolve, so declared here). */
@Group("chaos-mesh.org")
@Version("v1alpha1")
public class NetworkChaos extends CustomResource<NetworkChaos.Spec, Void> implements Namespaced {

    public static class Spec extends SelectorSpec {
        public String action;
        public String direction;
        public Target target;
    }

    /** The other end of a partition or a directed fault. */
    public static class Target {
        public String mode;
        public String value;
        public PodSelector selector;
    }
}
