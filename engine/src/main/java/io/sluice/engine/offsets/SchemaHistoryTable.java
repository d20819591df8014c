package io.sluice.engine.offsets;

import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.RowSchema;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The warehouse table that keeps the DDL history MySQL-family connectors need to decode old binlog
 * events after a restart: one row per history record, in order, per pipeline and source. Kept beside
 * the offsets, never in a temp file or in Kafka.
 */
public final class SchemaHistoryTable {

    public static final String TABLE = "_sluice_schema_history";

    private static final Schema ROW = SchemaBuilder.struct().name("io.sluice.SchemaHistory")
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("record", Schema.STRING_SCHEMA)
            .build();

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTable table;

    public SchemaHistoryTable(DataSource dataSource, DatabaseDialect dialect, String warehouseSchema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        RowSchema schema = RowSchema.of(ROW, List.of("pipeline", "source", "seq"));
        this.table = new WarehouseTable(new TableName(warehouseSchema, TABLE), schema.columns(), schema.keyColumns());
    }

    public void createIfMissing() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (dialect.existingColumns(connection, table.name()).isEmpty()) {
                dialect.createTable(connection, table.name(), table.columns(), table.key());
            }
        }
    }

    /** The records of one source, in the order they were stored. */
    List<String> load(String pipeline, String source) throws SQLException {
        String sql = "SELECT " + dialect.quote("record") + " FROM " + dialect.qualified(table.name())
                + " WHERE " + dialect.quote("pipeline") + " = ? AND " + dialect.quote("source") + " = ?"
                + " ORDER BY " + dialect.quote("seq");
        List<String> records = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pipeline);
            statement.setString(2, source);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(rows.getString(1));
                }
            }
        }
        return records;
    }

    /** Appends one record as number {@code seq}, committed at once (Debezium stores history as it sees DDL). */
    void append(String pipeline, String source, long seq, String record) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            dialect.upsert(connection, table, List.<Object[]>of(new Object[] {pipeline, source, seq, record}));
        }
    }
}
