package io.sluice.connector.writer;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.dialect.Dialects;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A fresh warehouse of one kind for one test, with its pool and dialect. */
final class TestWarehouse implements AutoCloseable {

    final String kind;
    final HikariDataSource dataSource;
    final DatabaseDialect dialect;
    private final AutoCloseable cleanup;

    private TestWarehouse(String kind, String url, String user, String password, AutoCloseable cleanup) {
        this.kind = kind;
        this.dataSource = WarehouseDataSource.create("test-" + kind, url, user, password, 2);
        this.dialect = Dialects.forJdbcUrl(url);
        this.cleanup = cleanup;
    }

    static TestWarehouse create(String kind) throws IOException {
        switch (kind) {
            case "postgres" -> {
                TestDatabase database = TestDatabases.postgres().createDatabase();
                return new TestWarehouse(kind, database.jdbcUrl(), database.user(), database.password(), database);
            }
            case "mariadb" -> {
                TestDatabase database = TestDatabases.mariadb().createDatabase();
                return new TestWarehouse(kind, database.jdbcUrl(), database.user(), database.password(), database);
            }
            case "mariadb-service" -> {
                // The machine's MariaDB 10.11 service: a second server version for the same tests.
                TestDatabase database = TestDatabases.mariadbService().createDatabase();
                return new TestWarehouse("mariadb", database.jdbcUrl(), database.user(), database.password(), database);
            }
            case "duckdb" -> {
                Path directory = Files.createTempDirectory("sluice-writer-test-");
                return new TestWarehouse(kind, "jdbc:duckdb:" + directory.resolve("wh.duckdb"), null, null,
                        () -> deleteRecursively(directory));
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static void execute(String url, String sql) {
        try (Connection connection = java.sql.DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("on " + url.replaceAll("\\?.*", "") + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    WarehouseWriter writer() {
        return new WarehouseWriter(dataSource, dialect, TableNaming.keepSourceNames());
    }

    /** Runs a statement of the test's own, as another client of the warehouse would. */
    void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    List<List<Object>> query(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<List<Object>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rows.getObject(i + 1);
                }
                result.add(Arrays.asList(row));
            }
            return result;
        }
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        cleanup.close();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
