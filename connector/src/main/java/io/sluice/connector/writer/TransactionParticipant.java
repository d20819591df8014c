package io.sluice.connector.writer;

import io.sluice.connector.buffer.TableChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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

    /**
     * Runs in the flush's transaction after its rows are written, just before {@link #beforeCommit}, with
     * the changes the warehouse took (those it refused are quarantined instead): e.g. to write them to an
     * outbox that forwards them once committed.
     */
    default void written(Connection connection, List<TableChanges> changes) throws SQLException {
    }

    /** Both participants in one transaction: {@code first}'s part of each step, then {@code second}'s. */
    static TransactionParticipant both(TransactionParticipant first, TransactionParticipant second) {
        return new TransactionParticipant() {
            @Override
            public void beforeWrites(Connection connection) throws SQLException {
                first.beforeWrites(connection);
                second.beforeWrites(connection);
            }

            @Override
            public void written(Connection connection, List<TableChanges> changes) throws SQLException {
                first.written(connection, changes);
                second.written(connection, changes);
            }

            @Override
            public void beforeCommit(Connection connection) throws SQLException {
                first.beforeCommit(connection);
                second.beforeCommit(connection);
            }
        };
    }
}
