package io.sluice.engine.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One database the harnesses use as a source or warehouse, wherever it runs: a test's database, an
 * embedded server the command started, or a server someone gave on the command line.
 *
 * @param kind     {@code postgres} or {@code mariadb}
 * @param database the database (PostgreSQL) or schema (MariaDB) the tables live in
 */
public record BenchDatabase(String kind, String host, int port, String user, String password, String database) {

    public boolean isPostgres() {
        return kind.equals("postgres");
    }

    public String jdbcUrl() {
        return (isPostgres() ? "jdbc:postgresql://" : "jdbc:mariadb://") + host + ":" + port + "/" + database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** A table's qualified name in pipeline files and Debezium's include list: {@code public.t} or {@code db.t}. */
    public String qualified(String table) {
        return (isPostgres() ? "public" : database) + "." + table;
    }

    /** The first column of the first row {@code sql} returns; null when it returns none. */
    public Object queryValue(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getObject(1) : null;
        }
    }

    /** Runs statements in auto-commit mode. */
    public void execute(String... sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    @Override
    public String toString() {
        return kind + " " + host + ":" + port + "/" + database;
    }
}
