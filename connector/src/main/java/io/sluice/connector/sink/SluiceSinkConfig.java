package io.sluice.connector.sink;

import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.writer.DeleteMode;
import io.sluice.connector.writer.TableNaming;
import io.sluice.connector.writer.WriterOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of {@link SluiceSinkConnector}: where the warehouse is, how tables are named, what a
 * delete and a schema change do, when a flush is due, and how a failing warehouse is retried. Each
 * setting is declared once in {@link #CONFIG_DEF} with its default, validator and documentation.
 */
public final class SluiceSinkConfig extends AbstractConfig {

    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_POOL_SIZE = "connection.pool.size";
    public static final String WAREHOUSE_SCHEMA = "warehouse.schema";
    public static final String TABLE_NAME_FORMAT = "table.name.format";
    public static final String DELETE_MODE = "delete.mode";
    public static final String SCHEMA_CHANGES = "schema.changes";
    public static final String HISTORY_TABLES = "history.tables";
    public static final String FLUSH_MAX_RECORDS = "flush.max.records";
    public static final String FLUSH_MAX_BYTES = "flush.max.bytes";
    public static final String FLUSH_MAX_AGE_MS = "flush.max.age.ms";
    public static final String QUARANTINE_ORIGIN = "quarantine.origin";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";

    /** Connect passes the connector's name to the connector and, through its task configs, to every task. */
    public static final String NAME = "name";

    private static final String WAREHOUSE_GROUP = "Warehouse";
    private static final String WRITES_GROUP = "Writes";
    private static final String FLUSH_GROUP = "Flush";
    private static final String RETRIES_GROUP = "Retries";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(CONNECTION_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.LambdaValidator.with(SluiceSinkConfig::validateUrl, () -> "jdbc:postgresql:… or jdbc:duckdb:<file>"),
                    Importance.HIGH, "JDBC URL of the warehouse, which also chooses the dialect:"
                            + " jdbc:postgresql://host:5432/database or jdbc:duckdb:/path/to/file.duckdb.",
                    WAREHOUSE_GROUP, 1, Width.LONG, "Warehouse JDBC URL")
            .define(CONNECTION_USER, Type.STRING, null, Importance.HIGH,
                    "Warehouse user; leave unset when the URL names it or the database needs none.",
                    WAREHOUSE_GROUP, 2, Width.MEDIUM, "Warehouse user")
            .define(CONNECTION_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "Warehouse password. Use a config provider (e.g. ${file:/secrets:warehouse.password}) rather than"
                            + " clear text.",
                    WAREHOUSE_GROUP, 3, Width.MEDIUM, "Warehouse password")
            .define(CONNECTION_POOL_SIZE, Type.INT, 2, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Connections in each task's own pool. A task writes one flush at a time, so 2 is enough;"
                            + " DuckDB always uses 1.",
                    WAREHOUSE_GROUP, 4, Width.SHORT, "Connections per task")
            .define(WAREHOUSE_SCHEMA, Type.STRING, null, Importance.MEDIUM,
                    "Schema (PostgreSQL, DuckDB) the tables, the quarantine table and the offsets table are written"
                            + " to; unset for the connection's default schema.",
                    WAREHOUSE_GROUP, 5, Width.MEDIUM, "Warehouse schema")
            .define(TABLE_NAME_FORMAT, Type.STRING, "${table}",
                    ConfigDef.LambdaValidator.with(SluiceSinkConfig::validateTableNameFormat, () -> "text with ${table}"),
                    Importance.MEDIUM, "Warehouse table name for a source table, with the placeholders ${source}"
                            + " (Debezium's topic.prefix), ${schema} (source schema or database) and ${table}; it must"
                            + " contain ${table}. E.g. ${source}_${table}.",
                    WRITES_GROUP, 1, Width.MEDIUM, "Table name format")
            .define(DELETE_MODE, Type.STRING, "hard", ConfigDef.CaseInsensitiveValidString.in("hard", "soft"),
                    Importance.MEDIUM, "What a source delete does: 'hard' deletes the warehouse row; 'soft' keeps it"
                            + " and sets __deleted = true and __deleted_at.",
                    WRITES_GROUP, 2, Width.SHORT, "Delete mode")
            .define(SCHEMA_CHANGES, Type.STRING, "evolve", ConfigDef.CaseInsensitiveValidString.in("evolve", "strict"),
                    Importance.MEDIUM, "When source columns change: 'evolve' adds new columns and widens numeric"
                            + " types; 'strict' never alters a warehouse table and quarantines the changes that do not"
                            + " fit.",
                    WRITES_GROUP, 3, Width.SHORT, "Schema changes")
            .define(HISTORY_TABLES, Type.LIST, "", Importance.LOW,
                    "Source tables, as schema.table (database.table for MySQL/MariaDB), whose every version is also"
                            + " kept in <warehouse table>_history as a type-2 dimension.",
                    WRITES_GROUP, 4, Width.LONG, "History tables")
            .define(QUARANTINE_ORIGIN, Type.STRING, null, Importance.LOW,
                    "The 'origin' written with each record this connector puts in the _sluice_quarantine table;"
                            + " unset for the connector's name.",
                    WRITES_GROUP, 5, Width.MEDIUM, "Quarantine origin")
            .define(FLUSH_MAX_RECORDS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "A task writes a flush once it holds this many changes (before merging per key).",
                    FLUSH_GROUP, 1, Width.SHORT, "Flush records")
            .define(FLUSH_MAX_BYTES, Type.LONG, 16L * 1024 * 1024, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "A task writes a flush once the changes it holds take about this many bytes of memory.",
                    FLUSH_GROUP, 2, Width.SHORT, "Flush bytes")
            .define(FLUSH_MAX_AGE_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Longest a change waits in a task before it is written, in ms; 0 writes every batch Connect"
                            + " delivers.",
                    FLUSH_GROUP, 3, Width.SHORT, "Flush age (ms)")
            .define(MAX_RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How often a flush the warehouse failed to take (connection lost, deadlock) is tried again"
                            + " before the task fails; a restarted task resumes from the warehouse's offsets.",
                    RETRIES_GROUP, 1, Width.SHORT, "Retries")
            .define(RETRY_BACKOFF_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Wait before the first retry, in ms; it doubles with each retry, up to 30 s.",
                    RETRIES_GROUP, 2, Width.SHORT, "Retry back-off (ms)");

    public SluiceSinkConfig(Map<?, ?> settings) {
        super(CONFIG_DEF, settings);
    }

    public String connectionUrl() {
        return getString(CONNECTION_URL);
    }

    public String user() {
        return getString(CONNECTION_USER);
    }

    public String password() {
        Password password = getPassword(CONNECTION_PASSWORD);
        return password == null ? null : password.value();
    }

    public int poolSize() {
        return getInt(CONNECTION_POOL_SIZE);
    }

    public String warehouseSchema() {
        return getString(WAREHOUSE_SCHEMA);
    }

    public TableNaming tableNaming() {
        return new TableNaming(getString(TABLE_NAME_FORMAT), warehouseSchema());
    }

    public WriterOptions writerOptions() {
        return new WriterOptions(DeleteMode.valueOf(getString(DELETE_MODE).toUpperCase(Locale.ROOT)),
                WriterOptions.SchemaEvolution.valueOf(getString(SCHEMA_CHANGES).toUpperCase(Locale.ROOT)));
    }

    public List<String> historyTables() {
        return getList(HISTORY_TABLES);
    }

    public int flushMaxRecords() {
        return getInt(FLUSH_MAX_RECORDS);
    }

    public long flushMaxBytes() {
        return getLong(FLUSH_MAX_BYTES);
    }

    public long flushMaxAgeMs() {
        return getLong(FLUSH_MAX_AGE_MS);
    }

    /** The connector's name, which keys its rows in the offsets table. */
    public String connectorName() {
        Object name = originals().get(NAME);
        if (name == null || name.toString().isBlank()) {
            throw new ConfigException(NAME, name, "the sink needs the connector's name: its offsets in the warehouse"
                    + " are kept under it (Connect always passes it; set it when running the task by hand)");
        }
        return name.toString();
    }

    public String quarantineOrigin() {
        String origin = getString(QUARANTINE_ORIGIN);
        return origin == null || origin.isBlank() ? connectorName() : origin;
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    /** The URL without its parameters, which may carry a password. */
    static String redacted(String url) {
        return url == null ? null : url.replaceAll("\\?.*", "");
    }

    private static void validateUrl(String name, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(name, null, "give the warehouse's JDBC URL, e.g. jdbc:postgresql://host:5432/db");
        }
        String url = value.toString();
        try {
            Dialects.forJdbcUrl(url);
        } catch (IllegalArgumentException unknown) {
            throw new ConfigException(name, redacted(url), unknown.getMessage());
        }
        if (url.equals("jdbc:duckdb:") || url.startsWith("jdbc:duckdb::memory:")) {
            throw new ConfigException(name, redacted(url), "an in-memory DuckDB warehouse would lose its rows and"
                    + " offsets with the task; give a file, e.g. jdbc:duckdb:/var/lib/sluice/warehouse.duckdb");
        }
    }

    private static void validateTableNameFormat(String name, Object value) {
        if (value == null || !value.toString().contains("${table}")) {
            throw new ConfigException(name, value, "must contain ${table}, or different source tables would land in"
                    + " one warehouse table (e.g. ${table} or ${source}_${table})");
        }
    }
}
