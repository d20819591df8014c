package io.sluice.engine.forward;

import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.type.RowSchema;
import io.sluice.connector.writer.TableName;
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
 * The warehouse table {@code _sluice_outbox}: the committed changes that wait to be forwarded, one row
 * per change and target. Rows go in inside a flush's transaction ({@link OutboxWriter}); a target's
 * publisher reads its rows in order and deletes them once its broker confirmed them.
 *
 * <p>{@code seq} orders a source's rows (a key's changes must arrive in order); it is unique per
 * pipeline and source, so the key is pipeline, target, source and seq, which is also the order the
 * publishers read in, along the key's index however many rows wait.
 */
public final class OutboxTable {

    public static final String TABLE = "_sluice_outbox";

    private static final Schema ROW = SchemaBuilder.struct().name("io.sluice.Outbox")
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("target", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("message_id", Schema.STRING_SCHEMA)
            .field("table_name", Schema.STRING_SCHEMA)
            .field("payload", Schema.STRING_SCHEMA)
            .field("created_at", org.apache.kafka.connect.data.Timestamp.SCHEMA)
            .build();

    /** One waiting message of one target. */
    public record Row(String source, long seq, String messageId, String table, String payload) {
    }

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTable table;

    public OutboxTable(DataSource dataSource, DatabaseDialect dialect, String warehouseSchema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        RowSchema schema = RowSchema.of(ROW, List.of("pipeline", "target", "source", "seq"));
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

    /** The highest seq a source's waiting rows have; 0 when none wait. */
    long maxSeq(String pipeline, String source) throws SQLException {
        String sql = "SELECT MAX(" + q("seq") + ") FROM " + dialect.qualified(table.name())
                + " WHERE " + q("pipeline") + " = ? AND " + q("source") + " = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pipeline);
            statement.setString(2, source);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** In the caller's (the flush's) transaction: one row per message and target, as {@link OutboxWriter} chose. */
    void insert(Connection connection, String pipeline, List<Object[]> targetSeqMessage) throws SQLException {
        if (targetSeqMessage.isEmpty()) {
            return;
        }
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(targetSeqMessage.size());
        for (Object[] t : targetSeqMessage) {
            ChangeMessage message = (ChangeMessage) t[2];
            rows.add(new Object[] {pipeline, t[0], message.source(), t[1], message.id(), message.table(),
                    message.payload(), now});
        }
        // upsert, not insert: it is each dialect's fast set-based path (COPY, appender, LOAD DATA); the keys are new.
        dialect.upsert(connection, table, rows);
    }

    /**
     * A target's oldest waiting rows, at most {@code limit}: in order per source, which is the order that
     * matters (a row's changes come from one source); one source's rows before the next one's.
     */
    List<Row> oldest(String pipeline, String target, int limit) throws SQLException {
        String sql = "SELECT " + q("source") + ", " + q("seq") + ", " + q("message_id") + ", " + q("table_name") + ", "
                + q("payload") + " FROM " + dialect.qualified(table.name())
                + " WHERE " + q("pipeline") + " = ? AND " + q("target") + " = ?"
                + " ORDER BY " + q("source") + ", " + q("seq") + " LIMIT ?"; // the key's order: an index scan, no sort
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pipeline);
            statement.setString(2, target);
            statement.setInt(3, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getLong(2), result.getString(3), result.getString(4),
                            result.getString(5)));
                }
            }
        }
        return rows;
    }

    /**
     * Deletes a target's rows the broker confirmed. Rows are read in key order, so per source they are a
     * prefix of what waits: one range per source.
     */
    void delete(String pipeline, String target, List<Row> published) throws SQLException {
        Map<String, Long> upTo = new LinkedHashMap<>();
        for (Row row : published) {
            upTo.merge(row.source(), row.seq(), Math::max);
        }
        String sql = "DELETE FROM " + dialect.qualified(table.name()) + " WHERE " + q("pipeline") + " = ? AND "
                + q("target") + " = ? AND " + q("source") + " = ? AND " + q("seq") + " <= ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Map.Entry<String, Long> range : upTo.entrySet()) {
                statement.setString(1, pipeline);
                statement.setString(2, target);
                statement.setString(3, range.getKey());
                statement.setLong(4, range.getValue());
                statement.executeUpdate();
            }
        }
    }

    /** How many rows wait for a target. */
    long pending(String pipeline, String target) throws SQLException {
        String sql = "SELECT COUNT(*) FROM " + dialect.qualified(table.name()) + " WHERE " + q("pipeline") + " = ? AND "
                + q("target") + " = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, pipeline);
            statement.setString(2, target);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private String q(String column) {
        return dialect.quote(column);
    }
}
