package io.sluice.connector.writer;

import java.util.Map;

/**
 * What one flush wrote: rows upserted and deleted, records quarantined, and how long it took; and the
 * same counts per source table, keyed as {@link io.sluice.connector.change.TableId#toString()} names it
 * (the quarantine table's {@code source_table}), for status pages and metrics.
 */
public record FlushResult(int upserted, int deleted, int quarantined, long nanos, Map<String, TableCounts> tables) {

    /** One source table's share of a flush. */
    public record TableCounts(int upserted, int deleted, int quarantined) {
    }

    public FlushResult {
        tables = tables == null ? Map.of() : Map.copyOf(tables);
    }

    public FlushResult(int upserted, int deleted, int quarantined, long nanos) {
        this(upserted, deleted, quarantined, nanos, Map.of());
    }
}
