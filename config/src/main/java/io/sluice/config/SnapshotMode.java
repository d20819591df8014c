package io.sluice.config;

import java.util.Locale;

/**
 * What a source reads before it streams changes. The four modes mean the same to Debezium's
 * PostgreSQL, MariaDB and MySQL connectors, so the pipeline file offers only these.
 */
public enum SnapshotMode {
    /** Copy the tables once, then stream; the default. */
    INITIAL,
    /** Stream only, from now; existing rows are never copied. */
    NO_DATA,
    /** Copy the tables whenever no usable offset exists (first start, or the offset is gone). */
    WHEN_NEEDED;
    // Debezium 3.5 has no "never" any more: it rejects the value; no_data is what it became.

    /** The value of Debezium's {@code snapshot.mode} property. */
    public String debeziumName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
