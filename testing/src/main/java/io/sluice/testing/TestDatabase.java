package io.sluice.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fresh database on a shared {@link DatabaseServer}, owned by one test. Closing it drops it, so
 * a long test run does not pile up databases (and, for PostgreSQL, replication slots that would pin
 * WAL).
 */
public final class TestDatabase implements AutoCloseable {

    /** How the owning server drops a database; it knows the kind-specific clean-up. */
    interface Dropper {
        void drop(String name) throws SQLException;
    }

    private final DatabaseServer server;
    private final String name;
    private final Dropper dropper;
    private final AtomicBoolean closed = new AtomicBoolean();

    TestDatabase(DatabaseServer server, String name, Dropper dropper) {
        this.server = server;
        this.name = name;
        this.dropper = dropper;
    }

    public String kind() {
        return server.kind();
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }

    public String name() {
        return name;
    }

    /** The server's admin user: CDC connectors need replication rights, so tests get them too. */
    public String user() {
        return server.adminUser();
    }

    public String password() {
        return server.adminPassword();
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** A new connection to this database, in auto-commit mode. The caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), password());
    }

    /** Runs the statements in order on one connection, in auto-commit mode. */
    public void execute(String... sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                try {
                    statement.execute(each);
                } catch (SQLException e) {
                    throw new IllegalStateException(describe(each, e), e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + this + ": " + e.getMessage(), e);
        }
    }

    /** All rows of the query, each as its column values ({@link ResultSet#getObject(int)}), for assertions. */
    public List<List<Object>> query(String sql) {
        try (Connection connection = connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                // Arrays.asList, not List.of: SQL NULLs are values here.
                rows.add(Collections.unmodifiableList(Arrays.asList(row)));
            }
            return Collections.unmodifiableList(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(describe(sql, e), e);
        }
    }

    /** Drops the database. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            dropper.drop(name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop " + this + ": " + e.getMessage(), e);
        }
    }

    private String describe(String sql, SQLException e) {
        return "SQL failed on " + this + ": " + e.getMessage() + "\n  statement: " + sql;
    }

    @Override
    public String toString() {
        return kind() + " database " + name + " at " + host() + ":" + port();
    }
}
