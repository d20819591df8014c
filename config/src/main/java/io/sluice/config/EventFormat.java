package io.sluice.config;

/** How an event source reads the JSON objects it receives. */
public enum EventFormat {
    /** A plain row object of a declared table: an upsert by its key, or a delete when the delete field says so. */
    ROWS,
    /** Debezium's JSON change event: {@code before}, {@code after}, {@code op}, {@code source}, optionally inside {@code payload}. */
    DEBEZIUM
}
