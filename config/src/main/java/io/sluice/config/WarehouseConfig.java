package io.sluice.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the pipeline writes.
 *
 * @param type              which database
 * @param path              DuckDB only: the database file, resolved against the pipeline file's folder; else null
 * @param url               PostgreSQL/MariaDB only: the JDBC URL; else null
 * @param user              PostgreSQL/MariaDB only: user, or null when the URL carries it
 * @param password          PostgreSQL/MariaDB only: password, or null
 * @param schema            target schema, or null for the connection's default
 * @param deleteMode        what a source delete does to the warehouse row
 * @param tableNameTemplate warehouse table name with {@code ${source}}, {@code ${schema}}, {@code ${table}}
 * @param schemaChanges     what happens when a source table's columns change
 */
public record WarehouseConfig(
        WarehouseType type,
        Path path,
        String url,
        String user,
        String password,
        String schema,
        DeleteMode deleteMode,
        String tableNameTemplate,
        SchemaChanges schemaChanges) {

    public static final String DEFAULT_TABLE_NAME_TEMPLATE = "${table}";

    public WarehouseConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deleteMode, "deleteMode");
        Objects.requireNonNull(tableNameTemplate, "tableNameTemplate");
        schemaChanges = schemaChanges == null ? SchemaChanges.EVOLVE : schemaChanges;
        if (type == WarehouseType.DUCKDB && path == null) {
            throw new IllegalArgumentException("a DUCKDB warehouse needs a path");
        }
        if (type != WarehouseType.DUCKDB && url == null) {
            throw new IllegalArgumentException("a " + type + " warehouse needs a url");
        }
    }

    /** A warehouse whose tables evolve with the source. */
    public WarehouseConfig(WarehouseType type, Path path, String url, String user, String password, String schema,
                           DeleteMode deleteMode, String tableNameTemplate) {
        this(type, path, url, user, password, schema, deleteMode, tableNameTemplate, SchemaChanges.EVOLVE);
    }

    /** The warehouse table for one source table, from {@link #tableNameTemplate}. */
    public String tableName(String source, String schema, String table) {
        return tableNameTemplate
                .replace("${source}", Objects.toString(source, ""))
                .replace("${schema}", Objects.toString(schema, ""))
                .replace("${table}", Objects.toString(table, ""));
    }

    /** Masks the password, and any password inside the URL. */
    @Override
    public String toString() {
        return "WarehouseConfig[type=" + type + ", path=" + path + ", url=" + Redaction.maskUrl(url)
                + ", user=" + user + ", password=" + Redaction.mask(password) + ", schema=" + schema
                + ", deleteMode=" + deleteMode + ", tableNameTemplate=" + tableNameTemplate
                + ", schemaChanges=" + schemaChanges + "]";
    }
}
