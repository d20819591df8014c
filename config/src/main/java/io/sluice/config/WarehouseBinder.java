package io.sluice.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Binds {@code warehouse}: which database, how to reach it, and how tables are named there. */
final class WarehouseBinder {

    static final List<String> KEYS = List.of("type", "path", "url", "user", "password", "schema", "delete-mode",
            "table-name", "schema-changes");

    /** DuckDB is a file opened in-process: it has no URL and no login. */
    private static final List<String> SERVER_ONLY = List.of("url", "user", "password");

    private WarehouseBinder() {
    }

    /** @return the warehouse, or null when anything about it was reported */
    static WarehouseConfig bind(YamlMapping warehouse, Path file, Binding binding) {
        int errorsBefore = binding.errors().count();
        warehouse.rejectUnknownKeys(KEYS);

        WarehouseType type = warehouse.required("type", ScalarParsers.choice(WarehouseType.class),
                "say which database, e.g. type: duckdb").orElse(null);
        Path path = null;
        String url = null;
        String user = null;
        String password = null;
        if (type == WarehouseType.DUCKDB) {
            path = warehouse.required("path", ScalarParsers.NON_EMPTY_TEXT,
                    "give the DuckDB file, e.g. path: warehouse.duckdb").map(p -> resolveAgainst(file, p)).orElse(null);
            rejectKeys(warehouse, SERVER_ONLY, "applies to postgres and mariadb warehouses only; remove it");
        } else if (type != null) {
            String prefix = type == WarehouseType.POSTGRES ? "jdbc:postgresql:" : "jdbc:mariadb:";
            String example = prefix + "//warehouse:" + (type == WarehouseType.POSTGRES ? "5432" : "3306") + "/analytics";
            url = warehouse.required("url", ScalarParsers.jdbcUrl(prefix, example), "give the JDBC URL, e.g. url: " + example)
                    .orElse(null);
            user = warehouse.optional("user", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
            password = warehouse.optional("password", ScalarParsers.TEXT).orElse(null);
            rejectKeys(warehouse, List.of("path"), "applies to duckdb warehouses only; use 'url' for "
                    + type.name().toLowerCase(Locale.ROOT));
        }
        String schema = warehouse.optional("schema", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        DeleteMode deleteMode = warehouse.optional("delete-mode", ScalarParsers.choice(DeleteMode.class))
                .orElse(DeleteMode.HARD);
        String tableName = warehouse.optional("table-name", ScalarParsers.TABLE_NAME_TEMPLATE)
                .orElse(WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);

        SchemaChanges schemaChanges = warehouse.optional("schema-changes", ScalarParsers.choice(SchemaChanges.class))
                .orElse(SchemaChanges.EVOLVE);

        if (binding.errors().count() > errorsBefore) {
            return null;
        }
        return new WarehouseConfig(type, path, url, user, password, schema, deleteMode, tableName, schemaChanges);
    }

    /** Relative to the pipeline file, so the file means the same whichever folder Sluice starts in. */
    private static Path resolveAgainst(Path pipelineFile, String path) {
        return pipelineFile.toAbsolutePath().getParent().resolve(path).normalize();
    }

    private static void rejectKeys(YamlMapping warehouse, List<String> keys, String message) {
        for (String key : keys) {
            if (warehouse.has(key)) {
                warehouse.reportKey(key, message);
            }
        }
    }
}
