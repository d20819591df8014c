package io.sluice.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds one entry of {@code sources} whose type is an {@link EventSourceType}. */
final class EventSourceBinder {

    static final List<String> KEYS = List.of("name", "type", "token", "format", "delete-field", "event-id-field",
            "unknown-fields", "tables", "max-request-size", "max-queued-events");

    static final List<String> TABLE_KEYS = List.of("name", "key", "columns");

    /** Table and column names reach SQL (quoted by the dialect) and URL paths: keep them plain. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private static final ScalarParser<String> IDENTIFIER_TEXT = text -> {
        if (!IDENTIFIER.matcher(text).matches()) {
            throw new ValueException("expected letters, digits and '_', starting with a letter or '_', at most 63"
                    + " characters", "e.g. events");
        }
        return text;
    };

    private static final ScalarParser<String> FIELD = text -> {
        if (text.isBlank() || text.length() > 200) {
            throw new ValueException("expected a field name of 1 to 200 characters", "e.g. __op");
        }
        return text;
    };

    private EventSourceBinder() {
    }

    /** @return the source, or null when anything about it was reported */
    static EventSourceConfig bind(YamlMapping source, EventSourceType type, Binding binding) {
        int errorsBefore = binding.errors().count();
        source.rejectUnknownKeys(KEYS);
        String name = source.required("name", ScalarParsers.NAME, "name the source, e.g. name: web").orElse(null);
        String token = source.required("token", ScalarParsers.NON_EMPTY_TEXT,
                "give the bearer token clients must send, e.g. token: ${env:INGEST_TOKEN}").orElse(null);
        EventFormat format = source.optional("format", ScalarParsers.choice(EventFormat.class)).orElse(EventFormat.ROWS);
        String deleteField = source.optional("delete-field", FIELD).orElse(EventSourceConfig.DEFAULT_DELETE_FIELD);
        String eventIdField = source.optional("event-id-field", FIELD).orElse(null);
        boolean ignoreUnknown = source.optional("unknown-fields", ScalarParsers.oneOf(List.of("quarantine", "ignore")))
                .map("ignore"::equals).orElse(false);
        long maxRequest = source.optional("max-request-size", ScalarParsers.POSITIVE_SIZE)
                .orElse(EventSourceConfig.DEFAULT_MAX_REQUEST_BYTES);
        int maxQueued = source.optional("max-queued-events", ScalarParsers.POSITIVE_INT)
                .orElse(EventSourceConfig.DEFAULT_MAX_QUEUED_EVENTS);
        List<EventTable> tables = new ArrayList<>();
        List<YamlMapping> items = source.requiredMappings("tables", "a mapping with name, key and columns",
                "declare the tables the events feed, e.g. tables: [{name: events, key: [id], columns: {id: bigint}}]")
                .orElse(List.of());
        Set<String> names = new HashSet<>();
        for (YamlMapping item : items) {
            EventTable table = bindTable(item, deleteField, binding);
            if (table != null && !names.add(table.name())) {
                item.reportValue("name", "another table of this source has the name \"" + table.name()
                        + "\"; give each table its own name");
            } else if (table != null) {
                tables.add(table);
            }
        }
        if (binding.errors().count() > errorsBefore) {
            return null;
        }
        return new EventSourceConfig(name, type, token, format, deleteField, eventIdField, ignoreUnknown, tables,
                maxRequest, maxQueued);
    }

    private static EventTable bindTable(YamlMapping table, String deleteField, Binding binding) {
        int errorsBefore = binding.errors().count();
        table.rejectUnknownKeys(TABLE_KEYS);
        String name = table.required("name", IDENTIFIER_TEXT, "name the table, e.g. name: events").orElse(null);
        Map<String, EventColumnType> columns = table.requiredMapping("columns", "a mapping of column name to type",
                        "declare the columns, e.g. columns: {id: bigint, kind: text}")
                .map(c -> bindColumns(c, deleteField)).orElse(Map.of());
        List<String> key = table.requiredList("key", IDENTIFIER_TEXT, "name the key columns, e.g. key: [id]")
                .orElse(List.of());
        if (!columns.isEmpty()) {
            for (String column : key) {
                if (!columns.containsKey(column)) {
                    table.reportValue("key", "\"" + column + "\" is not among the declared columns; "
                            + Suggestions.closest(column, List.copyOf(columns.keySet()))
                                    .map(s -> "did you mean '" + s + "'?").orElse("declare it under columns"));
                }
            }
        }
        if (binding.errors().count() > errorsBefore || name == null || columns.isEmpty() || key.isEmpty()) {
            return null;
        }
        return new EventTable(name, key, columns);
    }

    private static Map<String, EventColumnType> bindColumns(YamlMapping columns, String deleteField) {
        for (String column : columns.keys()) {
            if (!IDENTIFIER.matcher(column).matches()) {
                columns.reportKey(column, "a column name must be letters, digits and '_', starting with a letter"
                        + " or '_', at most 63 characters");
            } else if (column.equals(deleteField)) {
                columns.reportKey(column, "is the delete-field; name the column otherwise or set delete-field");
            }
        }
        return columns.parsedEntries(ScalarParsers.choice(EventColumnType.class), "give its type, e.g. bigint");
    }
}
