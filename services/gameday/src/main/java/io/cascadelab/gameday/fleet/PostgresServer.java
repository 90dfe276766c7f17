package io.cascadelab.gameday.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (17, from the zonky binaries) on loopback with its data under the state directory.
 * It runs as a child of this JVM; the zonky library stops it when closed.
 */
public final class PostgresServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    public static PostgresServer start(int port, Path dataDir, boolean fresh) throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(fresh)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("synchronous_commit", "on")
                .start();
        return new PostgresServer(postgres, port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    /** Creates each database unless it exists. */
    public void createDatabases(List<String> names) throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            for (String name : names) {
                if (!name.matches("[a-z][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a plain database name: " + name);
                }
                try (ResultSet exists = statement.executeQuery(
                        "select 1 from pg_database where datname = '" + name + "'")) {
                    if (exists.next()) {
                        continue;
                    }
                }
                statement.execute("create database " + name);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
