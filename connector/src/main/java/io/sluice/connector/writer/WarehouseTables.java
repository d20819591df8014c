package io.sluice.connector.writer;

import io.sluice.connector.change.TableId;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.RowSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.sluice.connector.type.ColumnType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a warehouse table fits each table version the writer sees: creates it from the record
 * schema with the source's key, and adds columns the source gained (a column the source dropped
 * stays, nullable). Remembers what it checked, so the catalog is read once per table version.
 */
final class WarehouseTables {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseTables.class);

    /** Tries at DDL that races with another writer's DDL on the same table. */
    private static final int MAX_DDL_ATTEMPTS = 3;

    private final DatabaseDialect dialect;
    private final TableNaming naming;
    private final List<Column> extraColumns;
    private final WriterOptions.SchemaEvolution evolution;
    private final Map<TableName, Map<List<Column>, WarehouseTable>> prepared = new HashMap<>();

    /** @param extraColumns columns the writer adds to every table after the source's, e.g. soft-delete markers */
    WarehouseTables(DatabaseDialect dialect, TableNaming naming, List<Column> extraColumns,
                    WriterOptions.SchemaEvolution evolution) {
        this.dialect = dialect;
        this.naming = naming;
        this.extraColumns = extraColumns;
        this.evolution = evolution;
    }

    TableName nameOf(TableId source) {
        return naming.nameOf(source);
    }

    /** The warehouse table for this table version, created or altered first if it needs to be. */
    WarehouseTable prepare(Connection connection, TableId source, RowSchema schema) throws SQLException {
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.addAll(extraColumns);
        return ensure(connection, source, naming.nameOf(source), columns, schema.keyColumns());
    }

    /**
     * The history table of this table version ({@code <table>_history}): the row's columns and the
     * version columns, keyed by the row's key and the change's position.
     */
    WarehouseTable prepareHistory(Connection connection, TableId source, RowSchema schema) throws SQLException {
        TableName current = naming.nameOf(source);
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.addAll(HistoryColumns.ALL);
        List<Column> key = new ArrayList<>(schema.keyColumns());
        key.add(HistoryColumns.POSITION);
        return ensure(connection, source, new TableName(current.schema(), current.table() + "_history"), columns, key);
    }

    private WarehouseTable ensure(Connection connection, TableId source, TableName name, List<Column> columns,
                                  List<Column> key) throws SQLException {
        WarehouseTable known = prepared.getOrDefault(name, Map.of()).get(columns);
        if (known != null) {
            return known;
        }
        WarehouseTable table = new WarehouseTable(name, List.copyOf(columns), List.copyOf(key));
        for (int attempt = 1; ; attempt++) {
            Map<String, ColumnType> existing = dialect.existingColumnTypes(connection, name);
            try {
                if (existing.isEmpty()) {
                    LOG.info("Creating warehouse table {} for {}", name, source);
                    dialect.createTable(connection, name, table.columns(), table.key());
                } else {
                    evolve(connection, name, table, existing);
                }
                break;
            } catch (SQLException e) {
                // Another writer (a second Connect task with partitions of the same table) may have created or
                // altered the table at the same moment: then look again, rather than blame the data.
                if (attempt == MAX_DDL_ATTEMPTS || existing.equals(dialect.existingColumnTypes(connection, name))) {
                    throw e;
                }
                LOG.info("Warehouse table {} changed while this writer altered it ({}); looking again", name,
                        e.getMessage());
            }
        }
        prepared.computeIfAbsent(name, n -> new HashMap<>()).put(table.columns(), table);
        return table;
    }

    /** Adds the columns the table lacks and widens numeric columns that became wider at the source. */
    private void evolve(Connection connection, TableName name, WarehouseTable table, Map<String, ColumnType> existing)
            throws SQLException {
        for (Column column : table.columns()) {
            ColumnType current = existing.get(column.name());
            boolean missing = !existing.containsKey(column.name());
            boolean widens = current != null && Widening.widens(current, column.type());
            if (!missing && !widens) {
                continue;
            }
            String change = missing ? "new column " + column.name() + " (" + column.type() + ")"
                    : "column " + column.name() + " widened from " + current + " to " + column.type();
            if (evolution == WriterOptions.SchemaEvolution.STRICT) {
                throw new SchemaChangeRefusedException("schema-changes: strict forbids altering warehouse table " + name
                        + ": " + change);
            }
            LOG.info("Warehouse table {}: {}", name, change);
            if (missing) {
                dialect.addColumn(connection, name, column);
            } else {
                dialect.alterColumnType(connection, name, column);
            }
        }
    }
}
