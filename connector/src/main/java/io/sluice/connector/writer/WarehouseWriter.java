package io.sluice.connector.writer;

import io.sluice.connector.buffer.Flush;
import io.sluice.connector.buffer.TableChanges;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.dialect.DatabaseDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes merged changes into the warehouse: per table one set-based upsert and one set-based delete,
 * all tables of a flush plus its quarantined records and the {@link TransactionParticipant}'s writes in
 * ONE transaction.
 *
 * <p>Bad data never stops the line (DESIGN.md, decision 6): when the warehouse refuses a flush because
 * of its data, the writer finds the refused changes by writing halves in transactions it rolls back,
 * quarantines them with the warehouse's reason, and commits the rest. Errors of the warehouse itself
 * (connection lost, disk full) are thrown for the caller to retry.
 *
 * <p>Table DDL runs first, in its own transactions, because MySQL and MariaDB commit implicitly on
 * DDL; a table created for a flush that then rolls back is harmless.
 *
 * <p>Not thread-safe: one writer per flushing thread.
 */
public final class WarehouseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseWriter.class);

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTables tables;
    private final QuarantineTable quarantine;

    public WarehouseWriter(DataSource dataSource, DatabaseDialect dialect, TableNaming naming, QuarantineTable quarantine) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = new WarehouseTables(dialect, naming);
        this.quarantine = quarantine;
    }

    public WarehouseWriter(DataSource dataSource, DatabaseDialect dialect, TableNaming naming) {
        this(dataSource, dialect, naming, new QuarantineTable(dialect, null, "sluice"));
    }

    public DatabaseDialect dialect() {
        return dialect;
    }

    public FlushResult write(List<TableChanges> changes, TransactionParticipant participant) throws SQLException {
        return write(Flush.of(changes), participant);
    }

    public FlushResult write(Flush flush, TransactionParticipant participant) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            List<Quarantined> quarantined = new ArrayList<>(flush.quarantined());
            List<Target> targets = prepareTables(connection, flush.tables(), quarantined);
            connection.setAutoCommit(false);
            try {
                return commit(connection, targets, quarantined, participant, start);
            } catch (SQLException e) {
                rollbackQuietly(connection, e);
                if (!dialect.isDataError(e)) {
                    throw e;
                }
                LOG.warn("The warehouse refused a flush ({}); finding the changes responsible", e.getMessage());
            }
            List<Target> accepted = new ArrayList<>();
            for (Target target : targets) {
                accepted.add(target.with(isolate(connection, target, quarantined)));
            }
            return commit(connection, accepted, quarantined, participant, start);
        }
    }

    /** A table version of the flush and the warehouse table it goes to. */
    private record Target(TableChanges changes, WarehouseTable table) {
        Target with(TableChanges subset) {
            return new Target(subset, table);
        }
    }

    private List<Target> prepareTables(Connection connection, List<TableChanges> changes, List<Quarantined> quarantined)
            throws SQLException {
        quarantine.createIfMissing(connection);
        List<Target> targets = new ArrayList<>(changes.size());
        for (TableChanges table : changes) {
            try {
                targets.add(new Target(table, tables.prepare(connection, table.table(), table.schema())));
            } catch (SQLException | IllegalArgumentException e) {
                if (e instanceof SQLException sql && !dialect.isDataError(sql)) {
                    throw sql;
                }
                String reason = "cannot create or alter the warehouse table for " + table.table() + ": " + e.getMessage();
                LOG.warn("Quarantining {} changes: {}", table.size(), reason);
                quarantineAll(table.changes(), table, reason, quarantined);
            }
        }
        return targets;
    }

    private FlushResult commit(Connection connection, List<Target> targets, List<Quarantined> quarantined,
                               TransactionParticipant participant, long start) throws SQLException {
        int upserted = 0;
        int deleted = 0;
        try {
            for (Target target : targets) {
                int[] written = apply(connection, target);
                upserted += written[0];
                deleted += written[1];
            }
            quarantine.insert(connection, quarantined);
            participant.beforeCommit(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
        return new FlushResult(upserted, deleted, quarantined.size(), System.nanoTime() - start);
    }

    /** Writes one table's changes; returns {upserted, deleted}. */
    private int[] apply(Connection connection, Target target) throws SQLException {
        List<Object[]> rows = target.changes().upserts();
        List<RowKey> keys = target.changes().deletes();
        if (!rows.isEmpty()) {
            dialect.upsert(connection, target.table(), rows);
        }
        if (!keys.isEmpty()) {
            dialect.delete(connection, target.table(), keys);
        }
        return new int[] {rows.size(), keys.size()};
    }

    /**
     * The changes of {@code target} the warehouse accepts, found by writing halves in transactions that
     * are rolled back; the refused ones are added to {@code quarantined} with the warehouse's message.
     */
    private TableChanges isolate(Connection connection, Target target, List<Quarantined> quarantined)
            throws SQLException {
        List<TableChanges.Change> accepted = new ArrayList<>();
        isolate(connection, target, target.changes().changes(), accepted, quarantined);
        return target.changes().subset(accepted);
    }

    private void isolate(Connection connection, Target target, List<TableChanges.Change> changes,
                         List<TableChanges.Change> accepted, List<Quarantined> quarantined) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        SQLException refusal = probe(connection, target.with(target.changes().subset(changes)));
        if (refusal == null) {
            accepted.addAll(changes);
        } else if (changes.size() == 1) {
            quarantineAll(changes, target.changes(), "the warehouse refused the change: " + refusal.getMessage(), quarantined);
        } else {
            int half = changes.size() / 2;
            isolate(connection, target, changes.subList(0, half), accepted, quarantined);
            isolate(connection, target, changes.subList(half, changes.size()), accepted, quarantined);
        }
    }

    /** Writes the changes and rolls back; returns the data error the warehouse raised, or null. */
    private SQLException probe(Connection connection, Target target) throws SQLException {
        try {
            apply(connection, target);
            return null;
        } catch (SQLException e) {
            if (!dialect.isDataError(e)) {
                throw e;
            }
            return e;
        } finally {
            connection.rollback();
        }
    }

    private static void quarantineAll(List<TableChanges.Change> changes, TableChanges table, String reason,
                                      List<Quarantined> quarantined) {
        for (TableChanges.Change change : changes) {
            quarantined.add(Quarantined.of(change.origin(), table.table().toString(), "warehouse", reason));
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
