package io.sluice.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Binds one entry of {@code sources}. */
final class SourceBinder {

    static final List<String> KEYS = List.of("name", "type", "host", "port", "user", "password", "database",
            "tables", "exclude-tables", "snapshot", "slot", "publication", "keys", "history", "include-columns",
            "exclude-columns",
            "heartbeat", "heartbeat-query", "debezium");

    /** Logical replication exists only in PostgreSQL; the binlog connectors have no such settings. */
    private static final List<String> POSTGRES_ONLY = List.of("slot", "publication", "heartbeat-query");

    /** Every source type, database or event, so a near miss gets the right suggestion. */
    private static final List<String> TYPE_NAMES = java.util.stream.Stream.concat(
                    java.util.Arrays.stream(SourceType.values()), java.util.Arrays.stream(EventSourceType.values()))
            .map(t -> t.name().toLowerCase(Locale.ROOT)).toList();

    private static final ScalarParser<SourceType> TYPE =
            text -> SourceType.valueOf(ScalarParsers.oneOf(TYPE_NAMES).parse(text).toUpperCase(Locale.ROOT));

    private SourceBinder() {
    }

    /**
     * @param pipeline the pipeline's name, or null when it is itself invalid (then derived names are not checked)
     * @return the source, or null when anything about it was reported
     */
    static SourceConfig bind(YamlMapping source, String pipeline, Binding binding) {
        int errorsBefore = binding.errors().count();
        source.rejectUnknownKeys(KEYS);

        String name = source.required("name", ScalarParsers.NAME, "name the source, e.g. name: shop").orElse(null);
        SourceType type = source.required("type", TYPE,
                "say which database, e.g. type: postgres").orElse(null);
        String host = source.required("host", ScalarParsers.NON_EMPTY_TEXT, "give the database host, e.g. host: ${env:PG_HOST}")
                .orElse(null);
        Optional<Integer> port = source.optional("port", ScalarParsers.PORT);
        String user = source.required("user", ScalarParsers.NON_EMPTY_TEXT, "give the database user, e.g. user: ${env:PG_USER}")
                .orElse(null);
        String password = source.optional("password", ScalarParsers.TEXT).orElse(null);
        String database = type == SourceType.POSTGRES
                ? source.required("database", ScalarParsers.NON_EMPTY_TEXT,
                        "give the database to capture from, e.g. database: shop").orElse(null)
                : source.optional("database", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        String shape = type == null || type == SourceType.POSTGRES ? "schema.table" : "database.table";
        List<String> tables = source.requiredList("tables", ScalarParsers.qualifiedTable(shape),
                "list the tables to capture as \"" + shape + "\", e.g. tables: [" + (shape.startsWith("schema")
                        ? "public.customers" : "shop.customers") + "]").orElse(List.of());
        SnapshotMode snapshot = source.optional("snapshot", ScalarParsers.choice(SnapshotMode.class))
                .orElse(SnapshotMode.INITIAL);
        Map<String, List<String>> keys = source.mapping("keys", "a mapping of table to its key columns,"
                + " e.g. keys: {public.logs: [id, logged_at]}").map(m -> m.listEntries(ScalarParsers.NON_EMPTY_TEXT))
                .orElse(Map.of());
        List<String> history = source.optionalList("history", ScalarParsers.qualifiedTable(shape)).orElse(List.of());
        List<String> includeColumns = source.optionalList("include-columns", ScalarParsers.NON_EMPTY_TEXT).orElse(List.of());
        List<String> excludeColumns = source.optionalList("exclude-columns", ScalarParsers.NON_EMPTY_TEXT).orElse(List.of());
        List<String> excludeTables = source.optionalList("exclude-tables", ScalarParsers.NON_EMPTY_TEXT).orElse(List.of());
        java.time.Duration heartbeat = source.optional("heartbeat", ScalarParsers.POSITIVE_DURATION).orElse(null);
        String slot = null;
        String publication = null;
        String heartbeatQuery = null;
        if (type == SourceType.POSTGRES) {
            slot = source.optional("slot", ScalarParsers.POSTGRES_NAME).orElse(null);
            publication = source.optional("publication", ScalarParsers.POSTGRES_NAME).orElse(null);
            heartbeatQuery = source.optional("heartbeat-query", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
            checkDerivedNames(source, pipeline, name, slot, publication, binding);
        } else if (type != null) {
            rejectPostgresOnlyKeys(source, type);
        }
        Map<String, String> debezium = source.mapping("debezium", "a mapping of Debezium property names to values")
                .map(YamlMapping::stringEntries).orElse(Map.of());

        if (binding.errors().count() > errorsBefore) {
            return null;
        }
        return new SourceConfig(name, type, host, port.orElse(type.defaultPort()), user, password, database,
                tables, snapshot, slot, publication, debezium,
                new TableRules(keys, history, includeColumns, excludeColumns, excludeTables),
                new Heartbeat(heartbeat, heartbeatQuery));
    }

    private static void rejectPostgresOnlyKeys(YamlMapping source, SourceType type) {
        for (String key : POSTGRES_ONLY) {
            if (source.has(key)) {
                source.reportKey(key, "applies to postgres sources only, this source is "
                        + type.name().toLowerCase(Locale.ROOT) + "; remove it");
            }
        }
    }

    /** A default name longer than PostgreSQL allows would be cut short and could clash with another pipeline's. */
    private static void checkDerivedNames(YamlMapping source, String pipeline, String name, String slot,
            String publication, Binding binding) {
        if (pipeline == null || name == null) {
            return;
        }
        String derived = SourceConfig.defaultReplicationName(pipeline, name);
        if (derived.length() <= SourceConfig.MAX_POSTGRES_NAME_LENGTH) {
            return;
        }
        for (String key : List.of("slot", "publication")) {
            if ((key.equals("slot") ? slot : publication) == null && !source.has(key)) {
                source.scalar("name").ifPresent(n -> binding.errors().at(n.mark(), n.keyPath(),
                        "the default " + key + " name \"" + derived + "\" is longer than "
                                + SourceConfig.MAX_POSTGRES_NAME_LENGTH + " characters; set '" + key
                                + "' explicitly or shorten the pipeline or source name"));
            }
        }
    }
}
