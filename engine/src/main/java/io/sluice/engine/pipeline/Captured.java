package io.sluice.engine.pipeline;

import java.util.Map;

/**
 * What one flush took from its source, before merging per key.
 *
 * @param events            change events
 * @param byTable           the same per source table ({@code schema.table}, or {@code database.table})
 * @param snapshotByTable   of those, the snapshot reads (Debezium's {@code op: r}) per table
 * @param snapshotCompleted true when the flush holds the snapshot's last record
 */
public record Captured(int events, Map<String, Integer> byTable, Map<String, Integer> snapshotByTable,
                       boolean snapshotCompleted) {

    public Captured {
        byTable = Map.copyOf(byTable);
        snapshotByTable = Map.copyOf(snapshotByTable);
    }
}
