package io.sluice.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-table settings of a source.
 *
 * @param keys           key columns for tables without a primary key, by table ("schema.table" or "db.table")
 * @param history        tables whose every version is kept in a history table beside the current state
 * @param includeColumns regular expressions of fully qualified columns to capture ({@code schema.table.column}); empty: all
 * @param excludeColumns regular expressions of fully qualified columns to leave out
 * @param excludeTables  regular expressions of tables ("schema.table") that {@code tables} matches but
 *                       that are not to be captured
 */
public record TableRules(Map<String, List<String>> keys, List<String> history, List<String> includeColumns,
                         List<String> excludeColumns, List<String> excludeTables) {

    public static final TableRules NONE = new TableRules(Map.of(), List.of(), List.of(), List.of(), List.of());

    public TableRules(Map<String, List<String>> keys, List<String> history, List<String> includeColumns,
                      List<String> excludeColumns) {
        this(keys, history, includeColumns, excludeColumns, List.of());
    }

    public TableRules {
        Map<String, List<String>> copied = new LinkedHashMap<>();
        keys.forEach((table, columns) -> copied.put(table, List.copyOf(columns)));
        keys = java.util.Collections.unmodifiableMap(copied);
        history = List.copyOf(history);
        includeColumns = List.copyOf(includeColumns);
        excludeColumns = List.copyOf(excludeColumns);
        excludeTables = excludeTables == null ? List.of() : List.copyOf(excludeTables);
    }
}
