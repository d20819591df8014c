package io.sluice.connector.buffer;

import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.Operation;
import io.sluice.connector.type.connect.JsonText;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Reads what a history table records of a change from its Debezium envelope: commit time, position, operation. */
public final class Versions {

    /**
     * Marks the position of a snapshot read. A snapshot stands where the source's next change goes: the
     * first change streamed after it (an update of a row it read, say) can carry the very same LSN or
     * binlog position, and a history table keyed by row and position would keep only one of the two.
     */
    private static final String SNAPSHOT = "snapshot@";

    private Versions() {
    }

    /**
     * The position the snapshot reads carry whose source offset this is, as {@link #position} writes it:
     * all reads of one snapshot share the position where it began (PostgreSQL: the snapshot's LSN;
     * MySQL/MariaDB: the binlog file and position). Null for an offset without one.
     */
    public static String snapshotPosition(Map<String, ?> offset) {
        String position = offset.get("lsn") != null ? "lsn:" + offset.get("lsn") : binlogPosition(offset);
        return position == null ? null : SNAPSHOT + position;
    }

    static Version of(ChangeEvent event) {
        return of(event.key(), event.row(), event.op() == Operation.DELETE, event.origin());
    }

    /** A merged change as the version its last record made: its commit time, position and operation. */
    public static Version of(TableChanges.Change change) {
        return of(change.key(), change.row(), change.isDelete(), change.origin());
    }

    private static Version of(io.sluice.connector.change.RowKey key, Object[] row, boolean delete,
                              ConnectRecord<?> origin) {
        Struct envelope = origin.value() instanceof Struct value ? value : null;
        Struct source = envelope != null && envelope.schema().field("source") != null ? envelope.getStruct("source") : null;
        String op = envelope != null && envelope.schema().field("op") != null ? envelope.getString("op") : null;
        if (delete) {
            op = "d"; // also the delete half of an update that changed the key
        } else if ("d".equals(op) || op == null) {
            op = "u";
        }
        String position = position(source, origin);
        return new Version(key, row, commitTime(source), "r".equals(op) ? SNAPSHOT + position : position, op);
    }

    private static OffsetDateTime commitTime(Struct source) {
        Object millis = field(source, "ts_ms");
        long epochMillis = millis instanceof Number number ? number.longValue() : System.currentTimeMillis();
        // Not OffsetDateTime.ofInstant(…, UTC): ZoneOffset.getRules() builds a ZoneRules per call, per event.
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000),
                (int) Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC), ZoneOffset.UTC);
    }

    /**
     * PostgreSQL: the change's LSN. MySQL/MariaDB: the offset's binlog file, transaction start, events and
     * rows into the transaction (the source block's position and row are not unique: two statements of a
     * transaction changing one row both say its start and row 0). Otherwise the record's offset. The same
     * change delivered again has the same position.
     */
    private static String position(Struct source, ConnectRecord<?> record) {
        Object lsn = field(source, "lsn");
        if (lsn != null) {
            return "lsn:" + lsn;
        }
        if (record instanceof SourceRecord sourceRecord && sourceRecord.sourceOffset() != null) {
            String binlog = binlogPosition(sourceRecord.sourceOffset());
            return binlog != null ? binlog : JsonText.of(sourceRecord.sourceOffset());
        }
        return record.topic() + ":" + record.kafkaPartition();
    }

    /** {@code file:pos:event:row} of a MySQL/MariaDB offset; null for another one. */
    private static String binlogPosition(Map<String, ?> offset) {
        if (offset.get("file") == null || offset.get("pos") == null) {
            return null;
        }
        return offset.get("file") + ":" + offset.get("pos") + ":" + orZero(offset.get("event")) + ":"
                + orZero(offset.get("row"));
    }

    private static Object orZero(Object count) {
        return count == null ? 0 : count;
    }

    private static Object field(Struct struct, String name) {
        return struct != null && struct.schema().field(name) != null ? struct.get(name) : null;
    }
}
