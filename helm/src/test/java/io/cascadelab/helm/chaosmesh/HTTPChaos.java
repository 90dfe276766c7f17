package io.cascadelab.helm.chaosmesh;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/** chaos-mesh.org/v1alpha1 HTTPChaos. */
@Group("chaos-mesh.org")
@Version("v1alpha1")
@Kind("HTTPChaos")
public class HTTPChaos extends CustomResource<HTTPChaos.Spec, Void> implements Namespaced {

    public static class Spec extends SelectorSpec {
        /** Request or Response. */
        public String target;
        public Integer port;
        public String path;
        public Boolean abort;
        public String delay;
    }
}
