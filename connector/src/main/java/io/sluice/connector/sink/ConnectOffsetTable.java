package io.sluice.connector.sink;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The warehouse table that holds, per sink connector and topic partition, the offset of the next record
 * to consume — Kafka's own meaning of a committed offset. Rows change only inside a flush's transaction
 * ({@link #participant}), so they never run ahead of or behind the rows written (DESIGN.md, "Exactly
 * once", Kafka Connect).
 *
 * <p>Each update names the offset it expects to replace. A task that lost a partition without noticing
 * (a worker cut off from the group) and still flushes finds another offset there and its whole flush
 * rolls back with {@link OffsetsMovedException}, so it cannot write over what the partition's new owner
 * wrote.
 */
public final class ConnectOffsetTable {

    public static final String TABLE = "_sluice_connect_offsets";

    private static final Schema ROW = SchemaBuilder.struct().name("io.sluice.ConnectOffset")
            .field("connector", Schema.STRING_SCHEMA)
            .field("topic", Schema.STRING_SCHEMA)
            .field("partition", Schema.INT32_SCHEMA)
            .field("offset", Schema.INT64_SCHEMA)
            .field("committed_at", Timestamp.SCHEMA)
            .build();

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTable table;
    private final String select;
    private final String update;
    private final String insert;
    private final String delete;

    public ConnectOffsetTable(DataSource dataSource, DatabaseDialect dialect, String warehouseSchema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        RowSchema schema = RowSchema.of(ROW, List.of("connector", "topic", "partition"));
        this.table = new WarehouseTable(new TableName(warehouseSchema, TABLE), schema.columns(), schema.keyColumns());
        String name = dialect.qualified(table.name());
        String connector = dialect.quote("connector");
        String topic = dialect.quote("topic");
        String partition = dialect.quote("partition");
        String offset = dialect.quote("offset");
        String committedAt = dialect.quote("committed_at");
        String key = connector + " = ? AND " + topic + " = ? AND " + partition + " = ?";
        this.select = "SELECT " + topic + ", " + partition + ", " + offset + " FROM " + name + " WHERE " + connector + " = ?";
        this.update = "UPDATE " + name + " SET " + offset + " = ?, " + committedAt + " = ? WHERE " + key + " AND "
                + offset + " = ?";
        this.insert = "INSERT INTO " + name + " (" + connector + ", " + topic + ", " + partition + ", " + offset + ", "
                + committedAt + ") VALUES (?, ?, ?, ?, ?)";
        this.delete = "DELETE FROM " + name + " WHERE " + key;
    }

    public TableName name() {
        return table.name();
    }

    /**
     * Creates the table when the warehouse has none yet. Tasks of one connector start together, so
     * another may create it at the same moment; that is not an error.
     */
    public void createIfMissing() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!dialect.existingColumns(connection, table.name()).isEmpty()) {
                return;
            }
            try {
                dialect.createTable(connection, table.name(), table.columns(), table.key());
            } catch (SQLException e) {
                if (dialect.existingColumns(connection, table.name()).isEmpty()) {
                    throw e;
                }
            }
        }
    }

    /** The next offsets to consume of these partitions, as the warehouse holds them; absent when it holds none. */
    public Map<TopicPartition, Long> load(String connector, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setString(1, connector);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TopicPartition partition = new TopicPartition(rows.getString(1), rows.getInt(2));
                    if (partitions.contains(partition)) {
                        offsets.put(partition, rows.getLong(3));
                    }
                }
            }
        }
        return offsets;
    }

    /**
     * Writes {@code next} in the flush's transaction. {@code expected} is what this task last read or
     * wrote for each partition (absent: no row); a partition whose row says otherwise fails the flush.
     */
    public TransactionParticipant participant(String connector, Map<TopicPartition, Long> expected,
                                              Map<TopicPartition, Long> next) {
        return connection -> {
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement updates = connection.prepareStatement(update);
                 PreparedStatement inserts = connection.prepareStatement(insert)) {
                for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
                    TopicPartition partition = entry.getKey();
                    Long previous = expected.get(partition);
                    if (previous == null) {
                        insert(inserts, connector, partition, entry.getValue(), now);
                    } else if (!previous.equals(entry.getValue())) {
                        updates.setLong(1, entry.getValue());
                        updates.setObject(2, now);
                        bindKey(updates, 3, connector, partition);
                        updates.setLong(6, previous);
                        if (updates.executeUpdate() != 1) {
                            throw new OffsetsMovedException(partition, previous, null);
                        }
                    }
                }
            }
        };
    }

    private void insert(PreparedStatement inserts, String connector, TopicPartition partition, long offset,
                        LocalDateTime now) throws SQLException {
        bindKey(inserts, 1, connector, partition);
        inserts.setLong(4, offset);
        inserts.setObject(5, now);
        try {
            inserts.executeUpdate();
        } catch (SQLException e) {
            if (dialect.isDataError(e)) { // the key exists: someone else wrote it since this task looked
                throw new OffsetsMovedException(partition, null, e);
            }
            throw e;
        }
    }

    /**
     * Sets (or, for a null offset, removes) offsets outside any flush: Connect's REST API altering or
     * resetting a stopped sink connector's offsets.
     */
    public void alter(String connector, Map<TopicPartition, Long> offsets) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement deletes = connection.prepareStatement(delete);
                 PreparedStatement inserts = connection.prepareStatement(insert)) {
                LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                for (Map.Entry<TopicPartition, Long> entry : offsets.entrySet()) {
                    bindKey(deletes, 1, connector, entry.getKey());
                    deletes.executeUpdate();
                    if (entry.getValue() != null) {
                        insert(inserts, connector, entry.getKey(), entry.getValue(), now);
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void bindKey(PreparedStatement statement, int first, String connector, TopicPartition partition)
            throws SQLException {
        statement.setString(first, connector);
        statement.setString(first + 1, partition.topic());
        statement.setInt(first + 2, partition.partition());
    }

    /**
     * The offsets row of a partition is not what this task last saw: another task wrote it, so this
     * task's view of the partition is stale. Carries no SQLSTATE, so the writer treats it as what it
     * is — not a problem of the flush's data.
     */
    public static final class OffsetsMovedException extends SQLException {

        private final transient TopicPartition partition;

        OffsetsMovedException(TopicPartition partition, Long expected, SQLException cause) {
            super("the warehouse's offset of " + partition + " is no longer "
                    + (expected == null ? "unset" : expected.toString())
                    + ": another task has written this partition since this task read it", (String) null, cause);
            this.partition = partition;
        }

        public TopicPartition partition() {
            return partition;
        }
    }
}
