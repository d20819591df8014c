package io.sluice.engine.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An embedded PostgreSQL 14 (zonky, binaries from Maven Central) for the harness commands, set up as the
 * test servers are: logical decoding on, and — for throw-away data — never waiting for the disk. Source
 * and warehouse are two databases on it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Map<String, String> SETTINGS = Map.of(
            "wal_level", "logical",
            "max_replication_slots", "10",
            "max_wal_senders", "10",
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param extra server settings besides the usual ones, e.g. {@code track_commit_timestamp=on} */
    public static EmbeddedPostgresServer start(Path directory, Map<String, String> extra) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>(SETTINGS);
        settings.putAll(extra);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(directory)
                .setCleanDataDirectory(true);
        settings.forEach(builder::setServerConfig);
        return new EmbeddedPostgresServer(builder.start());
    }

    /** Creates a database and describes it for the harnesses. */
    public BenchDatabase createDatabase(String name) throws SQLException {
        database("postgres").execute("CREATE DATABASE " + name);
        return database(name);
    }

    /** Drops a database made by {@link #createDatabase}, its sessions ended first. */
    public void dropDatabase(String name) throws SQLException {
        database("postgres").execute("DROP DATABASE " + name + " WITH (FORCE)");
    }

    private BenchDatabase database(String name) {
        return new BenchDatabase("postgres", "127.0.0.1", postgres.getPort(), "postgres", "", name);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
