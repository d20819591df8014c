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
 * @param from    where a queue source reads the table's messages: its Kafka topic, RabbitMQ queue or NATS
 *                subject; null for {@code http}
 */
public record EventTable(String name, List<String> key, Map<String, EventColumnType> columns, String from) {

    public EventTable(String name, List<String> key, Map<String, EventColumnType> columns) {
        this(name, key, columns, null);
    }

    public EventTable {
        Objects.requireNonNull(name, "name");
        key = List.copyOf(key);
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        if (key.isEmpty() || !columns.keySet().containsAll(key)) {
            throw new IllegalArgumentException("table " + name + ": the key " + key + " must be declared columns");
        }
    }
}
