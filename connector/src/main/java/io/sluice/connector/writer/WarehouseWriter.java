package io.sluice.connector.writer;

import io.sluice.connector.buffer.TableChanges;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes merged changes into the warehouse: per table one set-based upsert and one set-based delete,
 * all tables of a flush plus the {@link TransactionParticipant}'s writes in ONE transaction.
 *
 * <p>Table DDL runs first, in its own transactions, because MySQL and MariaDB commit implicitly on
 * DDL; a table created for a flush that then rolls back is harmless.
 *
 * <p>Not thread-safe: one writer per flushing thread.
 */
public final class WarehouseWriter {

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTables tables;

    public WarehouseWriter(DataSource dataSource, DatabaseDialect dialect, TableNaming naming) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = new WarehouseTables(dialect, naming);
    }

    public DatabaseDialect dialect() {
        return dialect;
    }

    public FlushResult write(List<TableChanges> changes, TransactionParticipant participant) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            List<WarehouseTable> targets = new ArrayList<>(changes.size());
            for (TableChanges table : changes) {
                targets.add(tables.prepare(connection, table.table(), table.schema()));
            }
            connection.setAutoCommit(false);
            int upserted = 0;
            int deleted = 0;
            try {
                for (int i = 0; i < changes.size(); i++) {
                    List<Object[]> rows = changes.get(i).upserts();
                    List<RowKey> keys = changes.get(i).deletes();
                    if (!rows.isEmpty()) {
                        dialect.upsert(connection, targets.get(i), rows);
                    }
                    if (!keys.isEmpty()) {
                        dialect.delete(connection, targets.get(i), keys);
                    }
                    upserted += rows.size();
                    deleted += keys.size();
                }
                participant.beforeCommit(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            return new FlushResult(upserted, deleted, System.nanoTime() - start);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
