package io.sluice.bench.writer;

import io.sluice.testing.DatabaseServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A warehouse database the writer benchmark runs against, with what differs between them. */
public enum Warehouse {

    /** Embedded PostgreSQL 14; the physical limit is {@code COPY}. */
    POSTGRES {
        @Override
        DatabaseServer server() {
            return TestDatabases.postgres();
        }

        @Override
        String debeziumUrl(TestDatabase database) {
            // The driver setting Sluice's own pool uses (WarehouseDataSource): both get the same driver.
            return database.jdbcUrl() + "?reWriteBatchedInserts=true";
        }

        @Override
        String bulkLoadUrl(TestDatabase database) {
            return database.jdbcUrl();
        }

        @Override
        BulkLoad bulkLoad() {
            return new PostgresCopy();
        }

        @Override
        String columnTypesSql() {
            return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                    + " WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        }
    },

    /** Embedded MariaDB 11.4; the physical limit is {@code LOAD DATA LOCAL INFILE}. */
    MARIADB {
        @Override
        DatabaseServer server() {
            return TestDatabases.mariadb();
        }

        @Override
        String debeziumUrl(TestDatabase database) {
            // Debezium's sink looks its table up in the driver's metadata with no database (catalog) named, and
            // MariaDB Connector/J then searches every database on the server: it would find Sluice's table of the
            // same name in Sluice's database, skip CREATE TABLE and fail with "Table 't_N.customers' doesn't
            // exist". With this setting a missing database means the connection's own, as on PostgreSQL.
            return database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?") + "nullDatabaseMeansCurrent=true";
        }

        @Override
        String bulkLoadUrl(TestDatabase database) {
            return database.jdbcUrl() + "?allowLocalInfile=true";
        }

        @Override
        BulkLoad bulkLoad() {
            return new MariaDbLoadData();
        }

        @Override
        String columnTypesSql() {
            return "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
        }
    };

    abstract DatabaseServer server();

    /** The JDBC URL Debezium's sink gets for {@code database}. */
    abstract String debeziumUrl(TestDatabase database);

    abstract String bulkLoadUrl(TestDatabase database);

    abstract BulkLoad bulkLoad();

    /** Column names and SQL types of the table named by the one parameter, in table order. */
    abstract String columnTypesSql();

    /** The lower-case name, as on the command line. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code "name type"} for every column of {@code table}, to create an empty table of the same shape. */
    List<String> columnDefinitions(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(columnTypesSql())) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + table + " not found, so its shape cannot be copied");
        }
        return columns;
    }
}
