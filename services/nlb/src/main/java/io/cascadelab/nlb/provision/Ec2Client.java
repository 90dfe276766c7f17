package io.cascadelab.nlb.provision;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cascadelab.platform.fault.FaultHook;

/** The gateway's EC2 query API, as much of it as the NLB uses: RunInstances and TerminateInstances. */
public final class Ec2Client {

    private static final Pattern INSTANCE_ID = Pattern.compile("<instanceId>([^<]+)</instanceId>");
    private static final Pattern CODE = Pattern.compile("<Code>([^<]+)</Code>");

    private final URI endpoint;
    private final HttpClient http;
    private final FaultHook faults;
    private final Duration timeout;

    /** @param timeout wall time per request */
    public Ec2Client(URI endpoint, HttpClient http, FaultHook faults, Duration timeout) {
        this.endpoint = endpoint;
        this.http = http;
        this.faults = faults;
        this.timeout = timeout;
    }

    /** An EC2 error response, or the request never got one (code {@code NetworkError}). */
    public static final class Ec2Exception extends Exception {
        private final String code;

        Ec2Exception(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** @return the new instance's id */
    public String runInstance(String az, String owner) throws Ec2Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "RunInstances");
        form.put("Version", "2016-11-15");
        form.put("MinCount", "1");
        form.put("MaxCount", "1");
        form.put("Placement.AvailabilityZone", az);
        form.put("TagSpecification.1.ResourceType", "instance");
        form.put("TagSpecification.1.Tag.1.Key", "owner");
        form.put("TagSpecification.1.Tag.1.Value", owner);
        String body = call(form);
        Matcher id = INSTANCE_ID.matcher(body);
        if (!id.find()) {
            throw new Ec2Exception("InvalidResponse", "RunInstances answer without an instanceId");
        }
        return id.group(1);
    }

    public void terminate(String instanceId) throws Ec2Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", "TerminateInstances");
        form.put("Version", "2016-11-15");
        form.put("InstanceId.1", instanceId);
        call(form);
    }

    private String call(Map<String, String> form) throws Ec2Exception {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            faults.beforeEgress(endpoint.getHost(), endpoint.getPort() < 0 ? 80 : endpoint.getPort());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/")).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(encoded)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return response.body();
            }
            Matcher code = CODE.matcher(response.body());
            throw new Ec2Exception(code.find() ? code.group(1) : "HTTP" + response.statusCode(),
                    "status " + response.statusCode());
        } catch (IOException e) {
            throw new Ec2Exception("NetworkError", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Ec2Exception("Interrupted", "interrupted");
        }
    }
}
