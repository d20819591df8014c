package io.sluice.connector.writer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes something in the same warehouse transaction as a flush's rows — in the standalone engine,
 * the source offsets just before the commit (DESIGN.md, "Exactly once"), and, when a snapshot starts
 * over, the removal of what an interrupted one wrote, before the new rows.
 */
@FunctionalInterface
public interface TransactionParticipant {

    TransactionParticipant NONE = connection -> { };

    /** Runs in the flush's transaction after its rows are written, just before it commits. */
    void beforeCommit(Connection connection) throws SQLException;

    /** Runs in the flush's transaction before any of its rows are written. */
    default void beforeWrites(Connection connection) throws SQLException {
    }
}
