package io.cascadelab.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runbooks gameday knows, from gameday's own {@code Runbook.ALL} (its compiled classes; gameday is a Spring Boot
 * application, so its jar is not a library to depend on). {@code Runbook} needs nothing but the JDK.
 */
final class GamedayRunbooks {

    static final Path CLASSES = Paths.REPO.resolve("services/gameday/target/classes");

    /** What a runbook takes and who performs it, as gameday declares it. */
    record Known(String name, String argument, String service, String method, Object runbook) {

        /** gameday's own validation of an argument: the message it would answer 400 with, or null if accepted. */
        String refusal(String value) {
            try {
                Method bodyFor = runbook.getClass().getMethod("bodyFor", String.class);
                bodyFor.invoke(runbook, value);
                return null;
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException refused) {
                    return refused.getMessage();
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean restartsProcesses() {
            return "RESTART".equals(method);
        }
    }

    private GamedayRunbooks() {
    }

    static Map<String, Known> all() {
        if (!Files.isDirectory(CLASSES.resolve("io/cascadelab/gameday/runbook"))) {
            throw new AssertionError(CLASSES + " has no runbook classes: build services/gameday first "
                    + "(./mvnw -o install -DskipTests)");
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {CLASSES.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> type = loader.loadClass("io.cascadelab.gameday.runbook.Runbook");
            Map<?, ?> all = (Map<?, ?>) type.getField("ALL").get(null);
            Map<String, Known> known = new LinkedHashMap<>();
            for (Object runbook : all.values()) {
                known.put(call(type, runbook, "name"), new Known(call(type, runbook, "name"),
                        call(type, runbook, "argument"), call(type, runbook, "service"),
                        call(type, runbook, "method"), runbook));
            }
            return known;
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String call(Class<?> type, Object runbook, String accessor) throws ReflectiveOperationException {
        return (String) type.getMethod(accessor).invoke(runbook);
    }
}
