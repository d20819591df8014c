package io.sluice.engine.offsets;

import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.RowSchema;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The warehouse table that holds each source's committed offsets, one row per pipeline, source and
 * source partition. Rows are written by {@link #participant} inside a flush's transaction, so the
 * offsets never run ahead of (or behind) the rows (DESIGN.md, "Exactly once").
 */
public final class OffsetTable {

    public static final String TABLE = "_sluice_offsets";

    private static final Schema ROW = SchemaBuilder.struct().name("io.sluice.Offset")
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("partition_key", Schema.STRING_SCHEMA)
            .field("offset_value", Schema.STRING_SCHEMA)
            .field("committed_at", org.apache.kafka.connect.data.Timestamp.SCHEMA)
            .build();

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTable table;

    public OffsetTable(DataSource dataSource, DatabaseDialect dialect, String warehouseSchema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        RowSchema schema = RowSchema.of(ROW, List.of("pipeline", "source", "partition_key"));
        this.table = new WarehouseTable(new TableName(warehouseSchema, TABLE), schema.columns(), schema.keyColumns());
    }

    /** Creates the table when the warehouse has none yet. */
    public void createIfMissing() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (dialect.existingColumns(connection, table.name()).isEmpty()) {
                dialect.createTable(connection, table.name(), table.columns(), table.key());
            }
        }
    }

    /** The committed offsets of one source: serialized partition key → serialized offset. */
    public Map<String, String> load(String pipeline, String source) throws SQLException {
        String sql = "SELECT " + dialect.quote("partition_key") + ", " + dialect.quote("offset_value")
                + " FROM " + dialect.qualified(table.name())
                + " WHERE " + dialect.quote("pipeline") + " = ? AND " + dialect.quote("source") + " = ?";
        Map<String, String> offsets = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pipeline);
            statement.setString(2, source);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    offsets.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return offsets;
    }

    /** Writes these offsets (serialized partition key → serialized offset) in the flush's transaction. */
    public TransactionParticipant participant(String pipeline, String source, Map<String, String> offsets) {
        return connection -> {
            if (offsets.isEmpty()) {
                return;
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            List<Object[]> rows = new ArrayList<>(offsets.size());
            offsets.forEach((key, value) -> rows.add(new Object[] {pipeline, source, key, value, now}));
            dialect.upsert(connection, table, rows);
        };
    }
}
