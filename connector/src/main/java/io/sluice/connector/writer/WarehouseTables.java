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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a warehouse table fits each table version the writer sees: creates it from the record
 * schema with the source's key, and adds columns the source gained (a column the source dropped
 * stays, nullable). Remembers what it checked, so the catalog is read once per table version.
 */
final class WarehouseTables {

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseTables.class);

    private final DatabaseDialect dialect;
    private final TableNaming naming;
    private final List<Column> extraColumns;
    private final Map<TableId, Map<RowSchema, WarehouseTable>> prepared = new HashMap<>();

    /** @param extraColumns columns the writer adds to every table after the source's, e.g. soft-delete markers */
    WarehouseTables(DatabaseDialect dialect, TableNaming naming, List<Column> extraColumns) {
        this.dialect = dialect;
        this.naming = naming;
        this.extraColumns = extraColumns;
    }

    TableName nameOf(TableId source) {
        return naming.nameOf(source);
    }

    /** The warehouse table for this table version, created or altered first if it needs to be. */
    WarehouseTable prepare(Connection connection, TableId source, RowSchema schema) throws SQLException {
        WarehouseTable known = prepared.getOrDefault(source, Map.of()).get(schema);
        if (known != null) {
            return known;
        }
        TableName name = naming.nameOf(source);
        List<Column> columns = new ArrayList<>(schema.columns());
        columns.addAll(extraColumns);
        WarehouseTable table = new WarehouseTable(name, List.copyOf(columns), schema.keyColumns());
        Set<String> existing = dialect.existingColumns(connection, name);
        if (existing.isEmpty()) {
            LOG.info("Creating warehouse table {} for {}", name, source);
            dialect.createTable(connection, name, table.columns(), table.key());
        } else {
            for (Column column : table.columns()) {
                if (!existing.contains(column.name())) {
                    LOG.info("Adding column {} ({}) to warehouse table {}", column.name(), column.type(), name);
                    dialect.addColumn(connection, name, column);
                }
            }
        }
        prepared.computeIfAbsent(source, id -> new HashMap<>()).put(schema, table);
        return table;
    }
}
