package io.sluice.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A warehouse table fed by events, declared in the pipeline file since no source database describes it.
 *
 * @param name    the table's name: letters, digits and '_'; the warehouse table and the ingest path use it
 * @param key     the key columns, at least one, each a declared column
 * @param columns every column and its type, in file order
 */
public record EventTable(String name, List<String> key, Map<String, EventColumnType> columns) {

    public EventTable {
        Objects.requireNonNull(name, "name");
        key = List.copyOf(key);
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        if (key.isEmpty() || !columns.keySet().containsAll(key)) {
            throw new IllegalArgumentException("table " + name + ": the key " + key + " must be declared columns");
        }
    }
}
