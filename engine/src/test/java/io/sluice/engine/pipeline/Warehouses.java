package io.sluice.engine.pipeline;

import io.sluice.config.DeleteMode;
import io.sluice.config.WarehouseConfig;
import io.sluice.config.WarehouseType;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A fresh warehouse for one test: a PostgreSQL or MariaDB database on the shared test server, or a
 * DuckDB file.
 */
public final class Warehouses {

    /** One warehouse; closing it drops the database or deletes the file. */
    public interface Warehouse extends AutoCloseable {
        WarehouseConfig config();

        /** A connection for assertions; only while no pipeline holds a DuckDB file open. */
        Connection connect() throws SQLException;

        @Override
        void close();
    }

    private Warehouses() {
    }

    public static Warehouse create(String kind) throws IOException {
        return switch (kind) {
            case "postgres" -> postgres();
            case "duckdb" -> duckdb();
            case "mariadb" -> mariadb();
            default -> throw new IllegalArgumentException("unknown warehouse kind " + kind);
        };
    }

    static Warehouse postgres() {
        TestDatabase database = TestDatabases.postgres().createDatabase();
        WarehouseConfig config = new WarehouseConfig(WarehouseType.POSTGRES, null, database.jdbcUrl(), database.user(),
                database.password(), null, DeleteMode.HARD, WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);
        return new Warehouse() {
            public WarehouseConfig config() {
                return config;
            }

            public Connection connect() throws SQLException {
                return database.connect();
            }

            public void close() {
                database.close();
            }
        };
    }

    static Warehouse mariadb() {
        TestDatabase database = TestDatabases.mariadb().createDatabase();
        WarehouseConfig config = new WarehouseConfig(WarehouseType.MARIADB, null, database.jdbcUrl(), database.user(),
                database.password(), null, DeleteMode.HARD, WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);
        return new Warehouse() {
            public WarehouseConfig config() {
                return config;
            }

            public Connection connect() throws SQLException {
                return database.connect();
            }

            public void close() {
                database.close();
            }
        };
    }

    static Warehouse duckdb() throws IOException {
        Path directory = Files.createTempDirectory("sluice-test-duckdb-");
        Path file = directory.resolve("warehouse.duckdb");
        WarehouseConfig config = new WarehouseConfig(WarehouseType.DUCKDB, file, null, null, null, null, DeleteMode.HARD,
                WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);
        return new Warehouse() {
            public WarehouseConfig config() {
                return config;
            }

            public Connection connect() throws SQLException {
                return DriverManager.getConnection("jdbc:duckdb:" + file);
            }

            public void close() {
                try (var files = Files.walk(directory)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (IOException ignored) {
                    // a temp directory left behind is harmless
                }
            }
        };
    }
}
