package io.cascadelab.helm.chaosmesh;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** chaos-mesh.org/v1alpha1 PodChaos: pod-kill, pod-failure, container-kill. */
@Group("chaos-mesh.org")
@Version("v1alpha1")
public class PodChaos extends CustomResource<PodChaos.Spec, Void> implements Namespaced {

    public static class Spec extends SelectorSpec {
        public String action;
    }
}
