package io.cascadelab.helm.chaosmesh;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnySetter;

/** What every Chaos Mesh experiment spec has: who (selector, mode, value) and for how long. */
public class SelectorSpec {

    public String mode;
    public String value;
    public PodSelector selector;
    public String duration;
    /** The action's own parameters (delay, loss, patterns, ...), kept as data. */
    public Map<String, Object> parameters = new LinkedHashMap<>();

    @JsonAnySetter
    void parameter(String name, Object value) {
        parameters.put(name, value);
    }
}
