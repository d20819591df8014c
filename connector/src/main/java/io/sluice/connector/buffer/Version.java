package io.sluice.connector.buffer;

import io.sluice.connector.change.RowKey;
import java.time.OffsetDateTime;

/**
 * One change of a row as a history table keeps it: never merged away.
 *
 * @param row      the row's values after the change; null for a delete
 * @param at       the source commit time of the change
 * @param position where in the source stream it was (LSN; binlog file:position:event:row), unique per change of a key
 * @param op       Debezium's operation: {@code c}, {@code r}, {@code u} or {@code d}
 */
public record Version(RowKey key, Object[] row, OffsetDateTime at, String position, String op) {

    public boolean isDelete() {
        return row == null;
    }
}
