package io.cascadelab.loadtests;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The simulation's settings, from system properties ({@code -Dname=value} on the Maven command line; the
 * Gatling plugin passes them to the forked JVM). Defaults match the developer fleet ({@code ./cascade up})
 * and the game day's scenarios (4 NLB requests per second):
 *
 * <pre>
 * cascade.dns        127.0.0.1:15353   the zone's authoritative DNS server, host:port ("dns" in ./cascade endpoints)
 * cascade.zone       cascade.test      the zone ("zoneName" in ./cascade endpoints)
 * cascade.nlb.name   app.nlb.us-east-1.&lt;zone&gt;
 * cascade.nlb.port   18076             the NLB nodes' listener port
 * cascade.nlb.path   /
 * cascade.timeScale  60                the fleet's time scale: zone TTLs are incident seconds
 * rate               4                 customers (one request each) arriving per second, open model
 * users              -                 instead of rate: this many customers spread evenly over the duration
 * duration           60                seconds, or with a unit: 90s, 5m, 1h
 * minSuccessPercent  0                 the run fails below this share of successful requests; 0 = off
 * </pre>
 */
public record CustomerSettings(InetSocketAddress dns, String zone, String nlbName, int nlbPort, String path,
                               double timeScale, double ratePerSecond, Duration duration, double minSuccessPercent) {

    /** CustomerLoad's timeouts: connect within 1 s, answer within 2 s; a DNS answer within 500 ms. */
    public static final Duration DNS_TIMEOUT = Duration.ofMillis(500);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    public CustomerSettings {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("cascade.timeScale must be a positive number, got " + timeScale);
        }
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of customers per second, got "
                    + ratePerSecond);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (!(minSuccessPercent >= 0 && minSuccessPercent <= 100)) {
            throw new IllegalArgumentException("minSuccessPercent must be within 0..100, got " + minSuccessPercent);
        }
        if (nlbPort < 1 || nlbPort > 65535) {
            throw new IllegalArgumentException("cascade.nlb.port must be a TCP port, got " + nlbPort);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("cascade.nlb.path must start with /, got " + path);
        }
    }

    public static CustomerSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    public static CustomerSettings from(Properties properties) {
        String zone = trimDot(properties.getProperty("cascade.zone", "cascade.test"));
        Duration duration = duration(properties.getProperty("duration", "60"));
        String rate = properties.getProperty("rate");
        String users = properties.getProperty("users");
        double perSecond;
        if (rate != null && users != null) {
            throw new IllegalArgumentException("give -Drate (customers per second) or -Dusers (customers over the "
                    + "duration), not both");
        } else if (users != null) {
            perSecond = number("users", users) / (duration.toMillis() / 1000.0);
        } else {
            perSecond = number("rate", rate == null ? "4" : rate);
        }
        return new CustomerSettings(
                hostAndPort(properties.getProperty("cascade.dns", "127.0.0.1:15353")),
                zone,
                trimDot(properties.getProperty("cascade.nlb.name", "app.nlb.us-east-1." + zone)),
                (int) number("cascade.nlb.port", properties.getProperty("cascade.nlb.port", "18076")),
                properties.getProperty("cascade.nlb.path", "/"),
                number("cascade.timeScale", properties.getProperty("cascade.timeScale", "60")),
                perSecond,
                duration,
                number("minSuccessPercent", properties.getProperty("minSuccessPercent", "0")));
    }

    /** The URL of one request: the resolved address (never the name), the NLB's port and path. */
    public String url(InetAddress address) {
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return "http://" + host + ":" + nlbPort + path;
    }

    /** The Host header a client that connected by name would send. */
    public String hostHeader() {
        return nlbName + ":" + nlbPort;
    }

    /** {@code host:port} ({@code [v6]:port} for IPv6); port 53 when none is given. */
    static InetSocketAddress hostAndPort(String value) {
        String text = value.trim();
        String host = text;
        int port = 53;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("cascade.dns: unclosed [ in " + value);
            }
            host = text.substring(1, end);
            if (end + 1 < text.length()) {
                if (text.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("cascade.dns: expected host:port, got " + value);
                }
                port = (int) number("cascade.dns port", text.substring(end + 2));
            }
        } else if (colon >= 0) {
            host = text.substring(0, colon);
            port = (int) number("cascade.dns port", text.substring(colon + 1));
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("cascade.dns: expected host:port, got " + value);
        }
        return new InetSocketAddress(host, port);
    }

    static Duration duration(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        long unitSeconds = 1;
        if (text.endsWith("h")) {
            unitSeconds = 3600;
        } else if (text.endsWith("m")) {
            unitSeconds = 60;
        }
        if (text.endsWith("h") || text.endsWith("m") || text.endsWith("s")) {
            text = text.substring(0, text.length() - 1);
        }
        return Duration.ofMillis(Math.round(number("duration", text) * unitSeconds * 1000));
    }

    private static double number(String property, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + ": not a number: " + value, e);
        }
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
