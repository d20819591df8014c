package io.sluice.connector.writer;

import io.sluice.connector.buffer.Flush;
import io.sluice.connector.buffer.TableChanges;
import io.sluice.connector.buffer.Version;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.change.TableId;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.Unavailable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
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

    /** Soft-delete markers, the last columns of every table when deletes are soft. */
    static final Column DELETED = Column.of("__deleted", Schema.OPTIONAL_BOOLEAN_SCHEMA);
    static final Column DELETED_AT = Column.of("__deleted_at",
            SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build());
    private static final List<Column> SOFT_DELETE_MARKERS = List.of(DELETED, DELETED_AT);

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTables tables;
    private final QuarantineTable quarantine;
    private final DeleteMode deleteMode;

    public WarehouseWriter(DataSource dataSource, DatabaseDialect dialect, TableNaming naming, QuarantineTable quarantine,
                           WriterOptions options) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.deleteMode = options.deleteMode();
        this.tables = new WarehouseTables(dialect, naming,
                deleteMode == DeleteMode.SOFT ? SOFT_DELETE_MARKERS : List.of(), options.schemaEvolution());
        this.quarantine = quarantine;
    }

    public WarehouseWriter(DataSource dataSource, DatabaseDialect dialect, TableNaming naming, QuarantineTable quarantine) {
        this(dataSource, dialect, naming, quarantine, WriterOptions.DEFAULTS);
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

    /**
     * In the caller's transaction, removes from the history tables of these source tables the versions
     * that snapshot reads at {@code position} wrote: those of a snapshot that was interrupted and is
     * taken again, so that each version is kept once.
     */
    public void removeSnapshotVersions(Connection connection, List<TableId> sourceTables, String position)
            throws SQLException {
        for (TableId sourceTable : sourceTables) {
            TableName name = tables.nameOf(sourceTable);
            TableName history = new TableName(name.schema(), name.table() + "_history");
            if (dialect.existingColumns(connection, history).isEmpty()) {
                continue;
            }
            String sql = "DELETE FROM " + dialect.qualified(history) + " WHERE " + dialect.quote(HistoryColumns.OP.name())
                    + " = 'r' AND " + dialect.quote(HistoryColumns.POSITION.name()) + " = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, position);
                int removed = statement.executeUpdate();
                LOG.info("Removed {} versions of an interrupted snapshot at {} from {}", removed, position, history);
            }
        }
    }

    /** A table version of the flush, the warehouse table it goes to, and its history table or null. */
    private record Target(TableChanges changes, WarehouseTable table, WarehouseTable history) {
        Target with(TableChanges subset) {
            return new Target(subset, table, history);
        }
    }

    private List<Target> prepareTables(Connection connection, List<TableChanges> changes, List<Quarantined> quarantined)
            throws SQLException {
        quarantine.createIfMissing(connection);
        List<Target> targets = new ArrayList<>(changes.size());
        for (TableChanges table : changes) {
            if (table.isTruncation()) {
                // Nothing to empty when the table was never created.
                TableName name = tables.nameOf(table.table());
                if (!dialect.existingColumns(connection, name).isEmpty()) {
                    TableName historyName = new TableName(name.schema(), name.table() + "_history");
                    boolean hasHistory = table.keepsHistory() && !dialect.existingColumns(connection, historyName).isEmpty();
                    targets.add(new Target(table, new WarehouseTable(name, List.of(), List.of()),
                            hasHistory ? new WarehouseTable(historyName, List.of(), List.of()) : null));
                }
                continue;
            }
            try {
                WarehouseTable history = table.keepsHistory()
                        ? tables.prepareHistory(connection, table.table(), table.schema()) : null;
                targets.add(new Target(table, tables.prepare(connection, table.table(), table.schema()), history));
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
        Map<String, int[]> byTable = new LinkedHashMap<>();
        try {
            participant.beforeWrites(connection);
            for (Target target : targets) {
                int[] written = apply(connection, target);
                upserted += written[0];
                deleted += written[1];
                int[] counts = byTable.computeIfAbsent(target.changes().table().toString(), t -> new int[3]);
                counts[0] += written[0];
                counts[1] += written[1];
            }
            for (Quarantined record : quarantined) {
                if (record.table() != null) {
                    byTable.computeIfAbsent(record.table(), t -> new int[3])[2]++;
                }
            }
            quarantine.insert(connection, quarantined);
            participant.written(connection, targets.stream().map(Target::changes).toList());
            participant.beforeCommit(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
        Map<String, FlushResult.TableCounts> tables = new LinkedHashMap<>();
        byTable.forEach((table, c) -> tables.put(table, new FlushResult.TableCounts(c[0], c[1], c[2])));
        return new FlushResult(upserted, deleted, quarantined.size(), System.nanoTime() - start, tables);
    }

    /** Writes one table's changes; returns {upserted, deleted}. */
    private int[] apply(Connection connection, Target target) throws SQLException {
        WarehouseTable table = target.table();
        boolean soft = deleteMode == DeleteMode.SOFT;
        if (target.changes().isTruncation()) {
            if (soft) {
                dialect.update(connection, table, SOFT_DELETE_MARKERS, new Object[] {true, now()}, null);
            } else {
                dialect.deleteAll(connection, table.name());
            }
            if (target.history() != null) {
                dialect.closeVersions(connection, target.history().name(), List.of(), HistoryColumns.VALID_TO,
                        HistoryColumns.CURRENT, null, now());
            }
            return new int[] {0, 0};
        }
        if (target.history() != null) {
            writeHistory(connection, target);
        }
        List<Object[]> rows = target.changes().upserts();
        List<RowKey> keys = target.changes().deletes();
        if (soft && !rows.isEmpty()) {
            upsert(connection, table, List.of(), withLiveMarkers(rows));
        } else if (!rows.isEmpty()) {
            // Rows the source inserted apart: a dialect may write them without looking for the key first. Not
            // when deletes are soft, where a deleted row stays in the table and an insert meets it again.
            upsert(connection, table, target.changes().upserts(true), target.changes().upserts(false));
        }
        if (!keys.isEmpty()) {
            if (soft) {
                dialect.update(connection, table, SOFT_DELETE_MARKERS, new Object[] {true, now()}, keys);
            } else {
                dialect.delete(connection, table, keys);
            }
        }
        return new int[] {rows.size(), keys.size()};
    }

    /**
     * Keeps every version of the flush in the history table, set-based: first the warehouse's current
     * version of each key changed here ends at the key's first change, then the new versions go in, each
     * valid until the next change of its key in the flush; the last one of a key stays current unless a
     * delete ended it.
     */
    private void writeHistory(Connection connection, Target target) throws SQLException {
        List<Version> versions = target.changes().versions();
        int width = target.changes().schema().columns().size();
        Map<RowKey, OffsetDateTime> firstChange = new LinkedHashMap<>();
        Map<RowKey, Object[]> open = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (Version version : versions) {
            firstChange.putIfAbsent(version.key(), version.at());
            Object[] previous = open.remove(version.key());
            if (previous != null) {
                previous[width + 3] = version.at();
                previous[width + 4] = false;
            }
            if (!version.isDelete()) {
                Object[] row = Arrays.copyOf(version.row(), width + HistoryColumns.ALL.size());
                for (int i = 0; i < width; i++) {
                    if (row[i] == Unavailable.VALUE && previous != null) {
                        row[i] = previous[i]; // not sent because unchanged: the previous version has it
                    }
                }
                row[width] = version.op();
                row[width + 1] = version.position();
                row[width + 2] = version.at();
                row[width + 4] = true;
                rows.add(row);
                open.put(version.key(), row);
            }
        }
        List<Object[]> ends = new ArrayList<>(firstChange.size());
        firstChange.forEach((key, at) -> {
            Object[] keyAndEnd = Arrays.copyOf(key.values(), key.values().length + 1);
            keyAndEnd[key.values().length] = at;
            ends.add(keyAndEnd);
        });
        dialect.closeVersions(connection, target.history().name(), target.changes().schema().keyColumns(),
                HistoryColumns.VALID_TO, HistoryColumns.CURRENT, ends, null);
        if (!rows.isEmpty()) {
            upsert(connection, target.history(), List.of(), rows);
        }
    }

    /**
     * Upserts rows, {@code newRows} being those the source had just inserted (see
     * {@link DatabaseDialect#upsert(Connection, WarehouseTable, List, List)}); rows with values the source did
     * not send (unchanged TOAST) are written without those columns, grouped by which columns they lack, so the
     * warehouse keeps what it has.
     */
    private void upsert(Connection connection, WarehouseTable table, List<Object[]> newRows, List<Object[]> otherRows)
            throws SQLException {
        List<Object[]> inserted = new ArrayList<>(newRows.size());
        List<Object[]> complete = new ArrayList<>(otherRows.size());
        Map<BitSet, List<Object[]>> partial = new LinkedHashMap<>();
        for (int pass = 0; pass < 2; pass++) {
            for (Object[] row : pass == 0 ? newRows : otherRows) {
                BitSet missing = null;
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == Unavailable.VALUE) {
                        missing = missing == null ? new BitSet(row.length) : missing;
                        missing.set(i);
                    }
                }
                if (missing != null) {
                    partial.computeIfAbsent(missing, m -> new ArrayList<>()).add(row);
                } else {
                    (pass == 0 ? inserted : complete).add(row);
                }
            }
        }
        if (!inserted.isEmpty() || !complete.isEmpty()) {
            dialect.upsert(connection, table, inserted, complete);
        }
        for (Map.Entry<BitSet, List<Object[]>> group : partial.entrySet()) {
            dialect.upsert(connection, without(table, group.getKey()), without(group.getValue(), group.getKey()));
        }
    }

    private static WarehouseTable without(WarehouseTable table, BitSet missing) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            if (!missing.get(i)) {
                columns.add(table.columns().get(i));
            }
        }
        return new WarehouseTable(table.name(), columns, table.key());
    }

    private static List<Object[]> without(List<Object[]> rows, BitSet missing) {
        List<Object[]> projected = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] kept = new Object[row.length - missing.cardinality()];
            for (int i = 0, k = 0; i < row.length; i++) {
                if (!missing.get(i)) {
                    kept[k++] = row[i];
                }
            }
            projected.add(kept);
        }
        return projected;
    }

    /** The rows with {@code __deleted = false, __deleted_at = null} appended: an upsert revives a soft-deleted row. */
    private static List<Object[]> withLiveMarkers(List<Object[]> rows) {
        List<Object[]> marked = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object[] extended = Arrays.copyOf(row, row.length + 2);
            extended[row.length] = false;
            marked.add(extended);
        }
        return marked;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
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
