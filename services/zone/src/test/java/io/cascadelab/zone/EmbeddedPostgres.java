package io.cascadelab.zone;

import java.io.IOException;
import java.io.UncheckedIOException;

/** One real PostgreSQL per test JVM, started on first use and stopped when the JVM exits. */
final class EmbeddedPostgres {

    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres instance;

    private EmbeddedPostgres() {
    }

    static synchronized String jdbcUrl(String database) {
        if (instance == null) {
            try {
                instance = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    instance.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        String url = instance.getJdbcUrl("postgres", "postgres");
        try (var connection = instance.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return url.replace("/postgres?", "/" + database + "?");
    }
}
