package io.sluice.engine.source;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.engine.offsets.OffsetTable;
import java.util.List;
import java.util.Optional;

/**
 * Says what happened, and how to recover, when the source no longer holds the changes after the position
 * the warehouse committed: the PostgreSQL slot was dropped or invalidated, or the binary log was purged.
 * Debezium refuses to start then (unless {@code snapshot: when_needed}) with a message about connector
 * configuration; a user needs to hear that changes are gone and what brings the warehouse back in step.
 */
final class LostPosition {

    /**
     * What is said when the position is gone: Debezium's check at start (BaseSourceTask, Debezium 3.5); and,
     * when that check passes because the server still knows the GTIDs, the server's own refusal while
     * streaming (error 1236, by GTID or by binlog file name).
     */
    private static final List<String> LOST = List.of(
            "no longer available on the server",
            "required binlog files have been purged",
            "Could not find first log file name in binary log index file");

    private LostPosition() {
    }

    /** The message for {@code error}, or empty when it is not Debezium's lost-position error. */
    static Optional<String> explain(Throwable error, String pipeline, SourceConfig source) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String said = cause.getMessage();
            if (said != null && LOST.stream().anyMatch(said::contains)) {
                return Optional.of(message(pipeline, source));
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    static String message(String pipeline, SourceConfig source) {
        String what = source.type() == SourceType.POSTGRES
                ? "PostgreSQL no longer keeps the changes after the position the warehouse committed: replication"
                        + " slot '" + source.slotName(pipeline) + "' was dropped, or invalidated (max_slot_wal_keep_size)"
                : "the server no longer has the binary log the warehouse's committed position points into:"
                        + " it was purged (binlog_expire_logs_seconds, PURGE BINARY LOGS) or the server was rebuilt";
        return what + ". Resuming would silently skip changes, so source '" + source.name() + "' stops. To bring the"
                + " warehouse back in step, copy the tables again: set 'snapshot: when_needed' on the source and restart"
                + " (Sluice empties the source's warehouse tables in the same transaction as the new copy's first rows),"
                + " or delete the source's offsets in the warehouse (DELETE FROM " + OffsetTable.TABLE
                + " WHERE pipeline = '" + pipeline + "' AND source = '" + source.name() + "') and restart.";
    }
}
