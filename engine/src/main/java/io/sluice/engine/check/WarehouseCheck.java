package io.sluice.engine.check;

import io.sluice.config.WarehouseConfig;
import io.sluice.config.WarehouseType;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.type.RowSchema;
import io.sluice.connector.writer.TableName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Checks the warehouse the way the writer uses it: connects with the pipeline's URL (or DuckDB file),
 * then creates a small table in the target schema through the writer's own dialect, and drops it. A
 * DuckDB file that did not exist before is removed again.
 */
final class WarehouseCheck {

    private final WarehouseConfig warehouse;
    private final Findings findings = new Findings();

    WarehouseCheck(WarehouseConfig warehouse) {
        this.warehouse = warehouse;
    }

    /** {@code warehouse: duckdb at /var/lib/sluice/shop.duckdb}, without credentials. */
    static String title(WarehouseConfig warehouse) {
        return "warehouse: " + warehouse.type().name().toLowerCase(java.util.Locale.ROOT) + " at " + location(warehouse)
                + (warehouse.user() == null ? "" : " as " + warehouse.user());
    }

    private static String location(WarehouseConfig warehouse) {
        if (warehouse.type() == WarehouseType.DUCKDB) {
            return warehouse.path().toString();
        }
        // The query string and user:password@ may carry secrets.
        return warehouse.url().replaceAll("\\?.*", "").replaceAll("//[^/@]*@", "//");
    }

    List<CheckResult> run() {
        Path duckDbFile = warehouse.type() == WarehouseType.DUCKDB ? warehouse.path().toAbsolutePath() : null;
        boolean existed = duckDbFile != null && Files.exists(duckDbFile);
        if (duckDbFile != null && !folderUsable(duckDbFile)) {
            return findings.results();
        }
        String url = duckDbFile != null ? "jdbc:duckdb:" + duckDbFile : warehouse.url();
        try (Connection connection = DriverManager.getConnection(url, properties())) {
            var meta = connection.getMetaData();
            findings.pass("warehouse connection", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion()
                    + (duckDbFile == null ? "" : existed ? ", file exists" : ", file created for the check and removed"));
            createTable(connection, url);
        } catch (SQLException e) {
            String reason = Jdbc.reason(e);
            if (duckDbFile != null && reason.contains("lock")) {
                findings.warn("warehouse connection", "the DuckDB file is in use by another process (a running"
                        + " pipeline?), so it was not checked: " + reason, null);
            } else {
                findings.fail("warehouse connection", "cannot connect to " + location(warehouse) + ": " + reason,
                        duckDbFile != null ? null : "check warehouse.url, .user and .password; the database must"
                                + " accept connections from here");
            }
        } finally {
            if (duckDbFile != null && !existed) {
                deleteQuietly(duckDbFile);
                deleteQuietly(Path.of(duckDbFile + ".wal"));
            }
        }
        return findings.results();
    }

    private boolean folderUsable(Path file) {
        Path folder = file.getParent();
        if (!Files.isDirectory(folder)) {
            findings.fail("warehouse connection", "the folder of the DuckDB file, " + folder + ", does not exist",
                    "mkdir -p " + folder);
            return false;
        }
        if (!Files.isWritable(folder) || (Files.exists(file) && !Files.isWritable(file))) {
            findings.fail("warehouse connection", "Sluice may not write " + (Files.exists(file) ? file : folder)
                    + " as user " + System.getProperty("user.name"), "give user " + System.getProperty("user.name")
                    + " write access to " + (Files.exists(file) ? file : folder) + ", or choose another warehouse.path");
            return false;
        }
        return true;
    }

    private Properties properties() {
        Properties props = new Properties();
        if (warehouse.user() != null) {
            props.setProperty("user", warehouse.user());
        }
        if (warehouse.password() != null) {
            props.setProperty("password", warehouse.password());
        }
        if (warehouse.type() == WarehouseType.POSTGRES) {
            props.setProperty("connectTimeout", "10");
        } else if (warehouse.type() == WarehouseType.MARIADB) {
            props.setProperty("connectTimeout", "10000");
        }
        return props;
    }

    /** What the writer does first for every table: CREATE TABLE in the target schema, through its dialect. */
    private void createTable(Connection connection, String url) throws SQLException {
        String name = "warehouse create table";
        DatabaseDialect dialect;
        try {
            dialect = Dialects.forJdbcUrl(url);
        } catch (IllegalArgumentException e) {
            findings.fail(name, e.getMessage(), "use a postgres or duckdb warehouse");
            return;
        }
        String schema = warehouse.schema();
        String where = schema == null ? "the default schema" : "schema " + schema;
        TableName probe = new TableName(schema, "_sluice_check_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL));
        Schema row = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).build();
        RowSchema columns = RowSchema.of(row, List.of("id"));
        try {
            dialect.createTable(connection, probe, columns.columns(), columns.keyColumns());
        } catch (SQLException e) {
            findings.fail(name, "cannot create a table in " + where + ": " + Jdbc.reason(e),
                    createFix(connection, e, schema).orElse(null));
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + dialect.qualified(probe));
        }
        findings.pass(name, "created and dropped a table in " + where);
    }

    private Optional<String> createFix(Connection connection, SQLException e, String schema) throws SQLException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = Jdbc.reason(e);
        if (warehouse.type() == WarehouseType.POSTGRES) {
            String user = Jdbc.one(connection, "SELECT quote_ident(current_user)", rs -> rs.getString(1)).orElseThrow();
            if (state.equals("3F000")) {
                return Optional.of("CREATE SCHEMA " + schema + " AUTHORIZATION " + user + ";");
            }
            if (state.equals("42501")) {
                String target = schema != null ? schema
                        : Jdbc.one(connection, "SELECT quote_ident(current_schema())", rs -> rs.getString(1)).orElse("public");
                // CREATE alone lets a user create a table but not name it again to write or drop it.
                return Optional.of("GRANT USAGE, CREATE ON SCHEMA " + target + " TO " + user + ";");
            }
        } else if (warehouse.type() == WarehouseType.DUCKDB && schema != null && reason.contains("Schema")) {
            return Optional.of("CREATE SCHEMA " + schema + ";  -- in the DuckDB file, e.g. with the duckdb CLI");
        }
        return Optional.empty();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover empty database file is harmless; the next run creates or reuses it.
        }
    }
}
