package io.sluice.engine.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's source: an embedded PostgreSQL 14 whose binaries come through Maven (zonky), with logical
 * decoding on, so the demo needs nothing installed but a JDK. (As root, zonky runs the server under
 * {@code unshare -U}, since PostgreSQL refuses to run as root.)
 */
final class EmbeddedSourceDatabase implements AutoCloseable {

    static final String DATABASE = "shop";

    private final EmbeddedPostgres postgres;

    private EmbeddedSourceDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedSourceDatabase start(Path directory) throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(true)
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                .start();
        EmbeddedSourceDatabase source = new EmbeddedSourceDatabase(postgres);
        try (Connection admin = source.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        return source;
    }

    String host() {
        return "127.0.0.1";
    }

    int port() {
        return postgres.getPort();
    }

    String user() {
        return "postgres";
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/" + database, user(), "");
    }

    Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
