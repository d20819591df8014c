package io.sluice.connector.buffer;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.Operation;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.change.TableId;
import io.sluice.connector.type.RowSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged changes of one table version within one flush: at most one pending change per key.
 * The rules (DESIGN.md, decision 3): the last state wins; a row created and deleted within the flush
 * is nothing; a delete followed by an insert is an upsert.
 */
public final class TableChanges {

    private final TableId table;
    private final RowSchema schema;
    private final Map<RowKey, Pending> byKey = new LinkedHashMap<>();

    /** A key's net change: a delete ({@code row == null}) or the row's latest values. */
    private record Pending(Object[] row, boolean created) {
    }

    TableChanges(TableId table, RowSchema schema) {
        this.table = table;
        this.schema = schema;
    }

    void merge(ChangeEvent event) {
        Pending previous = byKey.get(event.key());
        if (event.op() == Operation.UPSERT) {
            // A row created in this flush stays "created" through later updates, so a delete can cancel it.
            boolean created = previous != null ? previous.created() : event.created();
            byKey.put(event.key(), new Pending(event.row(), created));
        } else if (previous != null && previous.created()) {
            byKey.remove(event.key());
        } else {
            byKey.put(event.key(), new Pending(null, false));
        }
    }

    public TableId table() {
        return table;
    }

    public RowSchema schema() {
        return schema;
    }

    /** Rows to insert or update, one per key. */
    public List<Object[]> upserts() {
        List<Object[]> rows = new ArrayList<>();
        for (Pending pending : byKey.values()) {
            if (pending.row() != null) {
                rows.add(pending.row());
            }
        }
        return rows;
    }

    /** Keys to delete. */
    public List<RowKey> deletes() {
        List<RowKey> keys = new ArrayList<>();
        for (Iterator<Map.Entry<RowKey, Pending>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<RowKey, Pending> entry = it.next();
            if (entry.getValue().row() == null) {
                keys.add(entry.getKey());
            }
        }
        return keys;
    }

    public int size() {
        return byKey.size();
    }
}
