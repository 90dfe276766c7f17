package io.cascadelab.gateway.ec2;

import java.util.List;

import io.cascadelab.gateway.fleet.Droplets;

/** EC2's XML response shapes (API version 2016-11-15), only the elements this stand-in knows. */
final class Ec2Xml {

    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String VERSION = "2016-11-15";
    /** The account every instance belongs to here: the lab has one. */
    static final String OWNER_ID = "000000000000";

    private Ec2Xml() {
    }

    /** A launched instance: just placed, still pending (its network configuration has not arrived). */
    record Launched(String instanceId, String az, String dropletId, String owner) {
    }

    static String runInstances(String requestId, Launched launched) {
        StringBuilder xml = open("RunInstancesResponse", requestId);
        element(xml, "reservationId", reservationId(launched.instanceId()));
        element(xml, "ownerId", OWNER_ID);
        xml.append("<groupSet/><instancesSet><item>");
        instanceBody(xml, launched.instanceId(), "pending", launched.az(), launched.dropletId(), launched.owner());
        xml.append("</item></instancesSet>");
        return close(xml, "RunInstancesResponse");
    }

    static String describeInstances(String requestId, List<Droplets.Instance> instances) {
        StringBuilder xml = open("DescribeInstancesResponse", requestId);
        xml.append("<reservationSet>");
        for (Droplets.Instance instance : instances) {
            xml.append("<item>");
            element(xml, "reservationId", reservationId(instance.instanceId()));
            element(xml, "ownerId", OWNER_ID);
            xml.append("<groupSet/><instancesSet><item>");
            instanceBody(xml, instance.instanceId(), instance.state(), instance.az(), instance.dropletId(),
                    instance.owner());
            xml.append("</item></instancesSet></item>");
        }
        xml.append("</reservationSet>");
        return close(xml, "DescribeInstancesResponse");
    }

    record Terminated(String instanceId, String previousState) {
    }

    static String terminateInstances(String requestId, List<Terminated> terminated) {
        StringBuilder xml = open("TerminateInstancesResponse", requestId);
        xml.append("<instancesSet>");
        for (Terminated instance : terminated) {
            xml.append("<item>");
            element(xml, "instanceId", instance.instanceId());
            // droplets frees the slot at once, so the instance is gone, not shutting down
            state(xml, "currentState", "terminated");
            state(xml, "previousState", instance.previousState());
            xml.append("</item>");
        }
        xml.append("</instancesSet>");
        return close(xml, "TerminateInstancesResponse");
    }

    static String error(String requestId, Ec2Error error) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>");
        element(xml, "Code", error.code());
        element(xml, "Message", error.getMessage());
        xml.append("</Error></Errors>");
        element(xml, "RequestID", requestId);
        return xml.append("</Response>").toString();
    }

    /** One reservation per instance (RunInstances is limited to one), named after it. */
    static String reservationId(String instanceId) {
        return "r-" + (instanceId.startsWith("i-") ? instanceId.substring(2) : instanceId);
    }

    private static void instanceBody(StringBuilder xml, String instanceId, String state, String az, String dropletId,
                                     String owner) {
        element(xml, "instanceId", instanceId);
        state(xml, "instanceState", state);
        xml.append("<placement>");
        element(xml, "availabilityZone", az);
        // EC2 names the physical host in placement/hostId (Placement.HostId in the SDK): here, the droplet
        element(xml, "hostId", dropletId);
        element(xml, "tenancy", "default");
        xml.append("</placement><tagSet><item>");
        element(xml, "key", "owner");
        element(xml, "value", owner);
        xml.append("</item></tagSet>");
    }

    private static void state(StringBuilder xml, String name, String state) {
        xml.append('<').append(name).append('>');
        element(xml, "code", Integer.toString(stateCode(state)));
        element(xml, "name", state);
        xml.append("</").append(name).append('>');
    }

    /** EC2's instance state codes. */
    static int stateCode(String state) {
        return switch (state) {
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            case "stopped" -> 80;
            default -> 0; // pending
        };
    }

    private static StringBuilder open(String root, String requestId) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root)
                .append(" xmlns=\"").append(NAMESPACE).append("\">");
        element(xml, "requestId", requestId);
        return xml;
    }

    private static String close(StringBuilder xml, String root) {
        return xml.append("</").append(root).append('>').toString();
    }

    private static void element(StringBuilder xml, String name, String text) {
        xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
