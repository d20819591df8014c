package io.sluice.connector.writer;

import io.sluice.connector.change.Quarantined;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.RowSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The warehouse table of records that were not applied — rejected by a governance rule, unreadable, or
 * refused by the warehouse — with the rule, the reason and the original payload. Written in the same
 * transaction as the flush's good rows, so nothing is lost and nothing is applied twice.
 */
public final class QuarantineTable {

    public static final String TABLE = "_sluice_quarantine";

    private static final Schema ROW = SchemaBuilder.struct().name("io.sluice.Quarantined")
            .field("id", Schema.STRING_SCHEMA)
            .field("quarantined_at", Timestamp.SCHEMA)
            .field("origin", Schema.STRING_SCHEMA)
            .field("source_table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("record_key", Schema.OPTIONAL_STRING_SCHEMA)
            .field("rule", Schema.STRING_SCHEMA)
            .field("reason", Schema.OPTIONAL_STRING_SCHEMA)
            .field("payload", Schema.OPTIONAL_STRING_SCHEMA)
            .field("source_position", Schema.OPTIONAL_STRING_SCHEMA)
            .field("record", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final DatabaseDialect dialect;
    private final WarehouseTable table;
    private final String origin;
    private boolean created;

    /**
     * @param warehouseSchema the schema the pipeline writes to, or null for the default
     * @param origin          who quarantined, e.g. {@code pipeline/source} or the Connect connector's name
     */
    public QuarantineTable(DatabaseDialect dialect, String warehouseSchema, String origin) {
        this.dialect = dialect;
        RowSchema schema = RowSchema.of(ROW, List.of());
        this.table = new WarehouseTable(new TableName(warehouseSchema, TABLE), schema.columns(), List.of());
        this.origin = origin;
    }

    /** The table's name, and the column name a dialect quotes, for readers such as {@code sluice quarantine}. */
    public TableName name() {
        return table.name();
    }

    /** Creates the table when the warehouse has none yet; DDL, so outside the data transaction. */
    public void createIfMissing(Connection connection) throws SQLException {
        if (!created) {
            java.util.Set<String> existing = dialect.existingColumns(connection, table.name());
            if (existing.isEmpty()) {
                try {
                    dialect.createTable(connection, table.name(), table.columns(), table.key());
                } catch (SQLException e) {
                    // Another writer (a second Connect task) may have created it at the same moment.
                    if (dialect.existingColumns(connection, table.name()).isEmpty()) {
                        throw e;
                    }
                }
            } else {
                for (io.sluice.connector.type.Column column : table.columns()) {
                    if (!existing.contains(column.name())) {
                        dialect.addColumn(connection, table.name(), column); // a table from an older Sluice
                    }
                }
            }
            created = true;
        }
    }

    /** The table as the writer writes it; its {@code id} column identifies a quarantined record. */
    public WarehouseTable table() {
        return table;
    }

    void insert(Connection connection, List<Quarantined> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(records.size());
        for (Quarantined record : records) {
            rows.add(new Object[] {java.util.UUID.randomUUID().toString(), now, origin, record.table(), record.key(),
                record.rule(), record.reason(), record.payload(), record.position(), record.record()});
        }
        dialect.insert(connection, table, rows);
    }
}
