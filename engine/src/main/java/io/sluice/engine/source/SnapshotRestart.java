package io.sluice.engine.source;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.buffer.Versions;
import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.Operation;
import io.sluice.connector.change.TableId;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.engine.offsets.OffsetCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An initial snapshot that begins while the warehouse already holds data of the source: after a crash
 * during the snapshot (Debezium takes it again from the start), or under {@code snapshot: when_needed}
 * after the source lost the committed position. Snapshots only read rows, so rows deleted at the source
 * since the warehouse's copy would stay there for good. So the first flush of such a snapshot empties
 * the source's warehouse tables as a source TRUNCATE does (rows deleted, or marked deleted; history
 * versions closed), in the same transaction as the snapshot's first rows; and when the earlier snapshot
 * was interrupted, the history versions it wrote go too, since the new one writes them again.
 *
 * <p>A PostgreSQL slot that outlived an interrupted snapshot is dropped before Debezium starts: over an
 * existing slot Debezium streams, after its new snapshot, every change since the slot's position — changes
 * the snapshot already holds, which would show twice in history tables. A new slot exports its snapshot,
 * and streaming starts exactly where that snapshot stands.
 */
final class SnapshotRestart {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRestart.class);
    private static final Duration SLOT_RELEASE_TIMEOUT = Duration.ofSeconds(30);

    private final String source;
    private final List<TableId> tables;
    private final List<TableId> historyTables;
    private final boolean warehouseHoldsData;
    /** Where the interrupted snapshot's reads are, as history tables record it; null when none was. */
    private final String interruptedAt;
    private boolean decided;

    private SnapshotRestart(String source, List<TableId> tables, List<TableId> historyTables, boolean warehouseHoldsData,
                            String interruptedAt) {
        this.source = source;
        this.tables = tables;
        this.historyTables = historyTables;
        this.warehouseHoldsData = warehouseHoldsData;
        this.interruptedAt = interruptedAt;
    }

    /**
     * Prepares the source before Debezium starts: drops the PostgreSQL slot of an interrupted snapshot.
     * The slot holds nothing the new snapshot does not copy.
     */
    void prepareSource(String pipeline, SourceConfig source) throws SQLException {
        if (interruptedAt == null || source.type() != SourceType.POSTGRES) {
            return;
        }
        dropSlot(pipeline, source, "of the interrupted snapshot; the snapshot is taken again over a new slot");
    }

    /** Whether the warehouse holds the offsets of a snapshot that did not complete. */
    boolean interrupted() {
        return interruptedAt != null;
    }

    /** Drops the source's replication slot if it exists, waiting a while for a killed engine to release it. */
    static void dropSlot(String pipeline, SourceConfig source, String why) throws SQLException {
        String slot = source.slotName(pipeline);
        String url = "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
        long deadline = System.nanoTime() + SLOT_RELEASE_TIMEOUT.toNanos();
        try (Connection connection = DriverManager.getConnection(url, source.user(), source.password());
             PreparedStatement drop = connection.prepareStatement(
                     "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, slot);
            while (true) {
                try {
                    try (java.sql.ResultSet dropped = drop.executeQuery()) {
                        if (dropped.next()) {
                            LOG.info("Source '{}': dropped replication slot '{}' {}", source.name(), slot, why);
                        }
                    }
                    return;
                } catch (SQLException active) {
                    // A killed engine's WAL sender may hold the slot for a moment ("is active for PID").
                    if (System.nanoTime() > deadline) {
                        throw active;
                    }
                    sleep(200);
                }
            }
        }
    }

    /** @param committed the offsets the warehouse held when the source started, as {@link OffsetCodec} wrote them */
    static SnapshotRestart of(SourceConfig source, Collection<String> committed, OffsetCodec codec) {
        String interruptedAt = null;
        for (String value : committed) {
            Map<String, Object> offset = codec.readValue(value);
            if (isUnfinishedInitialSnapshot(offset)) {
                interruptedAt = Versions.snapshotPosition(offset);
            }
        }
        return new SnapshotRestart(source.name(), tableIds(source.name(), source.tables()),
                tableIds(source.name(), source.rules().history()), !committed.isEmpty(), interruptedAt);
    }

    /**
     * True for the first record of this run when it is a read of an initial snapshot and the warehouse
     * held data of the source at start: then {@link #emptyTables} and {@link #participant} belong to the
     * flush that writes it. Later records, and a first record that is a streamed change, answer false.
     */
    boolean beginsWith(SourceRecord record) {
        if (decided || record.sourceOffset() == null) {
            return false;
        }
        decided = true;
        return warehouseHoldsData && isInitialSnapshot(record.sourceOffset());
    }

    /** Adds a truncation of every captured table to the buffer, ahead of the snapshot's rows. */
    void emptyTables(ReductionBuffer buffer, SourceRecord first) {
        LOG.info("Source '{}': a snapshot starts over the warehouse's copy{}; its tables are emptied in the same"
                + " transaction as the snapshot's first rows", source,
                interruptedAt != null ? " (the last one was interrupted)" : "");
        for (TableId table : tables) {
            buffer.add(new ChangeEvent(table, Operation.TRUNCATE, null, null, null, false, 64, first));
        }
    }

    /** Removes the interrupted snapshot's history versions first thing in the flush's transaction. */
    TransactionParticipant participant(WarehouseWriter writer, TransactionParticipant then) {
        if (interruptedAt == null || historyTables.isEmpty()) {
            return then;
        }
        return new TransactionParticipant() {
            @Override
            public void beforeWrites(java.sql.Connection connection) throws java.sql.SQLException {
                writer.removeSnapshotVersions(connection, historyTables, interruptedAt);
                then.beforeWrites(connection);
            }

            @Override
            public void beforeCommit(java.sql.Connection connection) throws java.sql.SQLException {
                then.beforeCommit(connection);
            }
        };
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the replication slot to be released", e);
        }
    }

    private static boolean isInitialSnapshot(Map<String, ?> offset) {
        Object snapshot = offset.get("snapshot");
        return "INITIAL".equals(snapshot) || Boolean.TRUE.equals(snapshot) || "true".equals(snapshot);
    }

    /**
     * Debezium's own test (CommonOffsetContext.isInitialSnapshotRunning): an initial snapshot's offset that
     * is neither its last record (PostgreSQL marks it) nor completed. MySQL/MariaDB drop the snapshot key
     * from the last record's offset.
     */
    private static boolean isUnfinishedInitialSnapshot(Map<String, ?> offset) {
        return isInitialSnapshot(offset) && !Boolean.TRUE.equals(offset.get("last_snapshot_record"))
                && !Boolean.TRUE.equals(offset.get("snapshot_completed"));
    }

    private static List<TableId> tableIds(String source, List<String> qualified) {
        return qualified.stream().map(name -> {
            int dot = name.indexOf('.');
            return new TableId(source, dot < 0 ? null : name.substring(0, dot), name.substring(dot + 1));
        }).toList();
    }
}
