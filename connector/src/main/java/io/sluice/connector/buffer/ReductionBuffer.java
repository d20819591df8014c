package io.sluice.connector.buffer;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.ChangeSink;
import io.sluice.connector.change.Operation;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.change.TableId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Collects the changes of one flush, merged per table and key (see {@link TableChanges}), and says
 * when the flush is due by row count or bytes. When a table's schema changes within a flush, its
 * later changes go to a new {@link TableChanges} that is written after the earlier one, so every
 * segment has exactly one set of columns.
 *
 * <p>Not thread-safe: owned by the thread that flushes.
 */
public final class ReductionBuffer implements ChangeSink {

    private final int maxEvents;
    private final long maxBytes;
    private final Predicate<TableId> keepsHistory;
    private final List<TableChanges> segments = new ArrayList<>();
    private final Map<TableId, TableChanges> latestSegment = new HashMap<>();
    private final List<Quarantined> quarantined = new ArrayList<>();
    private int events;
    private long bytes;

    public ReductionBuffer(int maxEvents, long maxBytes) {
        this(maxEvents, maxBytes, table -> false);
    }

    /** @param keepsHistory the tables whose every version goes to a history table, so none is merged away */
    public ReductionBuffer(int maxEvents, long maxBytes, Predicate<TableId> keepsHistory) {
        this.keepsHistory = keepsHistory;
        if (maxEvents <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("flush limits must be positive: rows=" + maxEvents + ", bytes=" + maxBytes);
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    @Override
    public void change(ChangeEvent event) {
        add(event);
    }

    @Override
    public void quarantine(Quarantined record) {
        quarantined.add(record);
        events++;
        bytes += 256 + (record.payload() == null ? 0 : 2L * record.payload().length());
    }

    public void add(ChangeEvent event) {
        if (event.op() == Operation.TRUNCATE) {
            // What the flush holds for the table is wiped out anyway; later changes apply after the truncate.
            segments.removeIf(segment -> segment.table().equals(event.table()));
            segments.add(TableChanges.truncation(event.table(), keepsHistory.test(event.table())));
            latestSegment.remove(event.table());
            events++;
            return;
        }
        TableChanges segment = latestSegment.get(event.table());
        if (segment == null || !segment.schema().equals(event.schema())) {
            segment = new TableChanges(event.table(), event.schema(), keepsHistory.test(event.table()));
            segments.add(segment);
            latestSegment.put(event.table(), segment);
        }
        if (segment.keepsHistory()) {
            segment.addVersion(Versions.of(event));
        }
        segment.merge(event);
        events++;
        bytes += event.sizeEstimate();
    }

    /** True once the events added since the last drain reach the row or byte limit. */
    public boolean isFull() {
        return events >= maxEvents || bytes >= maxBytes;
    }

    public boolean isEmpty() {
        return events == 0;
    }

    /** Events added since the last drain, before merging. */
    public int eventCount() {
        return events;
    }

    public long byteEstimate() {
        return bytes;
    }

    /** Hands over the merged changes in the order they must be written, and the quarantined records; empties the buffer. */
    public Flush drain() {
        Flush drained = new Flush(segments, quarantined);
        segments.clear();
        latestSegment.clear();
        quarantined.clear();
        events = 0;
        bytes = 0;
        return drained;
    }
}
