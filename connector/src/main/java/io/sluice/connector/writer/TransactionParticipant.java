package io.sluice.connector.writer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Writes something in the same warehouse transaction as a flush's rows, just before it commits — in
 * the standalone engine, the source offsets (DESIGN.md, "Exactly once").
 */
@FunctionalInterface
public interface TransactionParticipant {

    TransactionParticipant NONE = connection -> { };

    void beforeCommit(Connection connection) throws SQLException;
}
