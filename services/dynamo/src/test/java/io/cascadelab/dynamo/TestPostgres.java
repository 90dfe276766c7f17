package io.cascadelab.dynamo;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** One real PostgreSQL for the whole test JVM, started on first use and stopped at exit. */
final class TestPostgres {

    private static EmbeddedPostgres postgres;

    private TestPostgres() {
    }

    /** The port of the embedded PostgreSQL (started if needed). */
    static synchronized int port() {
        jdbcUrl();
        return postgres.getPort();
    }

    static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // exiting anyway
                }
            }));
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }
}
