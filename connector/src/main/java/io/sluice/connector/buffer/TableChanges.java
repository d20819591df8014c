package io.sluice.connector.buffer;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.Operation;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.change.TableId;
import io.sluice.connector.type.RowSchema;
import io.sluice.connector.type.Unavailable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * The merged changes of one table version within one flush: at most one pending change per key.
 * The rules (DESIGN.md, decision 3): the last state wins; a row created and deleted within the flush
 * is nothing; a delete followed by an insert is an upsert.
 */
public final class TableChanges {

    /**
     * A key's net change: a delete ({@code row == null}) or the row's latest values.
     *
     * @param inserted the key's first change in this flush inserted the row (op {@code c} or {@code r}) and
     *                 no delete followed: the warehouse most likely has no row with this key yet
     * @param origin   the last record that made it, for the quarantine table
     */
    public record Change(RowKey key, Object[] row, boolean created, boolean inserted, ConnectRecord<?> origin) {
        public boolean isDelete() {
            return row == null;
        }
    }

    private final TableId table;
    private final RowSchema schema;
    private final boolean truncation;
    private final Map<RowKey, Change> byKey;
    /** Every change in order, for a table that keeps history; null for one that does not. */
    private final List<Version> versions;

    TableChanges(TableId table, RowSchema schema, boolean keepsHistory) {
        this(table, schema, false, new LinkedHashMap<>(), keepsHistory ? new ArrayList<>() : null);
    }

    private TableChanges(TableId table, RowSchema schema, boolean truncation, Map<RowKey, Change> byKey,
                         List<Version> versions) {
        this.table = table;
        this.schema = schema;
        this.truncation = truncation;
        this.byKey = byKey;
        this.versions = versions;
    }

    /** A source TRUNCATE: empties the warehouse table; it has no schema and no changes. */
    static TableChanges truncation(TableId table, boolean keepsHistory) {
        return new TableChanges(table, null, true, new LinkedHashMap<>(), keepsHistory ? new ArrayList<>() : null);
    }

    /** True when the table keeps a history of every version besides its current state. */
    public boolean keepsHistory() {
        return versions != null;
    }

    /** Every change of this segment in source order, for the history table; empty when it keeps none. */
    public List<Version> versions() {
        return versions == null ? List.of() : versions;
    }

    void addVersion(Version version) {
        versions.add(version);
    }

    /** True for a source TRUNCATE (see {@link #truncation}). */
    public boolean isTruncation() {
        return truncation;
    }

    void merge(ChangeEvent event) {
        Change previous = byKey.get(event.key());
        if (event.op() == Operation.UPSERT) {
            // A row created in this flush stays "created" through later updates, so a delete can cancel it.
            boolean created = previous != null ? previous.created() : event.created();
            boolean inserted = previous != null ? previous.inserted() : event.inserted();
            Object[] row = previous != null && !previous.isDelete() ? fillUnavailable(event.row(), previous.row()) : event.row();
            byKey.put(event.key(), new Change(event.key(), row, created, inserted, event.origin()));
        } else if (previous != null && previous.created()) {
            byKey.remove(event.key());
        } else {
            byKey.put(event.key(), new Change(event.key(), null, false, false, event.origin()));
        }
    }

    /** Values the source did not send (unchanged TOAST) are known from an earlier change in this flush. */
    private static Object[] fillUnavailable(Object[] row, Object[] earlier) {
        Object[] filled = row;
        for (int i = 0; i < row.length; i++) {
            if (row[i] == Unavailable.VALUE && i < earlier.length) {
                if (filled == row) {
                    filled = row.clone();
                }
                filled[i] = earlier[i];
            }
        }
        return filled;
    }

    /** The same table version with only these changes, e.g. to retry part of a flush. */
    public TableChanges subset(List<Change> changes) {
        Map<RowKey, Change> part = new LinkedHashMap<>();
        for (Change change : changes) {
            part.put(change.key(), change);
        }
        List<Version> keptVersions = null;
        if (versions != null) {
            keptVersions = new ArrayList<>();
            for (Version version : versions) {
                if (part.containsKey(version.key())) {
                    keptVersions.add(version);
                }
            }
        }
        return new TableChanges(table, schema, truncation, part, keptVersions);
    }

    public TableId table() {
        return table;
    }

    public RowSchema schema() {
        return schema;
    }

    /** Every pending change, in the order its key was first seen. */
    public List<Change> changes() {
        return new ArrayList<>(byKey.values());
    }

    /** The newest {@code count} changes (all when there are fewer), in order, copying only those. */
    public List<Change> lastChanges(int count) {
        int skip = Math.max(0, byKey.size() - count);
        List<Change> last = new ArrayList<>(byKey.size() - skip);
        for (Change change : byKey.values()) {
            if (skip > 0) {
                skip--;
            } else {
                last.add(change);
            }
        }
        return last;
    }

    /** Rows to insert or update, one per key. */
    public List<Object[]> upserts() {
        List<Object[]> rows = new ArrayList<>();
        for (Change change : byKey.values()) {
            if (!change.isDelete()) {
                rows.add(change.row());
            }
        }
        return rows;
    }

    /**
     * Rows to insert or update, one per key: those whose key the flush {@link Change#inserted() inserted}
     * ({@code inserted} true), or the others.
     */
    public List<Object[]> upserts(boolean inserted) {
        List<Object[]> rows = new ArrayList<>();
        for (Change change : byKey.values()) {
            if (!change.isDelete() && change.inserted() == inserted) {
                rows.add(change.row());
            }
        }
        return rows;
    }

    /** Keys to delete. */
    public List<RowKey> deletes() {
        List<RowKey> keys = new ArrayList<>();
        for (Change change : byKey.values()) {
            if (change.isDelete()) {
                keys.add(change.key());
            }
        }
        return keys;
    }

    public int size() {
        return byKey.size();
    }
}
