package io.sluice.connector.buffer;

import io.sluice.connector.change.Quarantined;
import java.util.List;

/**
 * What one flush writes in one transaction: the merged changes per table version, in write order, and
 * the records to quarantine.
 */
public record Flush(List<TableChanges> tables, List<Quarantined> quarantined) {

    public Flush {
        tables = List.copyOf(tables);
        quarantined = List.copyOf(quarantined);
    }

    public static Flush of(List<TableChanges> tables) {
        return new Flush(tables, List.of());
    }
}
