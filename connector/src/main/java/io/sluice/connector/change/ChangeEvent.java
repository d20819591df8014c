package io.sluice.connector.change;

import io.sluice.connector.type.RowSchema;
import org.apache.kafka.connect.connector.ConnectRecord;

/**
 * One row change, read from a Debezium envelope and converted to warehouse-ready Java values.
 *
 * @param table   where it comes from
 * @param op      what it does to the row with {@code key}
 * @param schema  the row's columns and key, shared by all events of the same table version
 * @param key     the primary-key values
 * @param row     all column values in {@code schema} order; null for a delete
 * @param created true when the source created the row in this event (Debezium op {@code c}): a
 *                delete later in the same flush then cancels it out entirely
 * @param inserted true for a created row and for a snapshot read (op {@code c} or {@code r}): the source
 *                 had no such row before, so the warehouse most likely has none either (it may, when changes
 *                 are delivered again after a crash or a snapshot is taken again)
 * @param sizeEstimate rough bytes held, for the flush's byte bound
 * @param origin  the record it was read from, kept for the quarantine table should the warehouse refuse it
 */
public record ChangeEvent(TableId table, Operation op, RowSchema schema, RowKey key, Object[] row, boolean created,
                          boolean inserted, int sizeEstimate, ConnectRecord<?> origin) {

    /** An event that inserts a row only when it creates it. */
    public ChangeEvent(TableId table, Operation op, RowSchema schema, RowKey key, Object[] row, boolean created,
                       int sizeEstimate, ConnectRecord<?> origin) {
        this(table, op, schema, key, row, created, created, sizeEstimate, origin);
    }
}
