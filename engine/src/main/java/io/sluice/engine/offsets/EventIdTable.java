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
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * The ids of events (and idempotency keys of requests) an event source has applied, one row per pipeline,
 * source and id. They are written in the flush's transaction with the rows, so "applied" and "remembered"
 * cannot part: a retried request or a redelivered event whose id is here is not applied again.
 */
public final class EventIdTable {

    public static final String TABLE = "_sluice_event_ids";

    private static final String COMMITTED_AT = "committed_at";
    private static final String INDEX = "_sluice_event_ids_expiry";

    /** Ids per lookup statement; keeps the statement small and its plan cached. */
    private static final int LOOKUP_CHUNK = 500;

    private static final Schema ROW = SchemaBuilder.struct().name("io.sluice.EventId")
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("source", Schema.STRING_SCHEMA)
            .field("event_id", Schema.STRING_SCHEMA)
            .field("committed_at", org.apache.kafka.connect.data.Timestamp.SCHEMA)
            .build();

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final WarehouseTable table;

    public EventIdTable(DataSource dataSource, DatabaseDialect dialect, String warehouseSchema) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        RowSchema schema = RowSchema.of(ROW, List.of("pipeline", "source", "event_id"));
        this.table = new WarehouseTable(new TableName(warehouseSchema, TABLE), schema.columns(), schema.keyColumns());
    }

    /**
     * Creates the table, or brings an older one up to date: the {@code committed_at} column (ids already there
     * count from now) and the index the {@link EventIdPruner} finds expired ids by.
     */
    public void createIfMissing() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            java.util.Set<String> columns = dialect.existingColumns(connection, table.name());
            if (columns.isEmpty()) {
                dialect.createTable(connection, table.name(), table.columns(), table.key());
            } else if (columns.stream().noneMatch(COMMITTED_AT::equalsIgnoreCase)) {
                io.sluice.connector.type.Column committedAt = table.columns().stream()
                        .filter(c -> c.name().equals(COMMITTED_AT)).findFirst().orElseThrow();
                dialect.addColumn(connection, table.name(), committedAt);
                try (PreparedStatement fill = connection.prepareStatement("UPDATE " + dialect.qualified(table.name())
                        + " SET " + dialect.quote(COMMITTED_AT) + " = ? WHERE " + dialect.quote(COMMITTED_AT) + " IS NULL")) {
                    fill.setObject(1, LocalDateTime.now(ZoneOffset.UTC));
                    fill.executeUpdate();
                }
            }
            try (java.sql.Statement statement = connection.createStatement()) {
                // PostgreSQL, MariaDB and DuckDB all take IF NOT EXISTS here.
                statement.execute("CREATE INDEX IF NOT EXISTS " + dialect.quote(INDEX) + " ON "
                        + dialect.qualified(table.name()) + " (" + dialect.quote("pipeline") + ", "
                        + dialect.quote("source") + ", " + dialect.quote(COMMITTED_AT) + ")");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    /**
     * Forgets at most {@code limit} of this source's ids committed before {@code cutoff}, in one transaction.
     * Two statements any of the warehouses takes: the ids through the index, then those rows by their key
     * (MariaDB has no LIMIT in a subquery of IN, DuckDB no DELETE … LIMIT).
     *
     * @return how many were deleted; below {@code limit} when no more are that old
     */
    public int deleteOlderThan(Connection connection, String pipeline, String source, LocalDateTime cutoff, int limit)
            throws SQLException {
        List<String> expired = new ArrayList<>(limit);
        try (PreparedStatement select = connection.prepareStatement("SELECT " + dialect.quote("event_id") + " FROM "
                + dialect.qualified(table.name()) + " WHERE " + dialect.quote("pipeline") + " = ? AND "
                + dialect.quote("source") + " = ? AND " + dialect.quote(COMMITTED_AT) + " < ? LIMIT " + limit)) {
            select.setString(1, pipeline);
            select.setString(2, source);
            select.setObject(3, cutoff);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    expired.add(rows.getString(1));
                }
            }
        }
        if (expired.isEmpty()) {
            return 0;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + dialect.qualified(table.name())
                + " WHERE " + dialect.quote("pipeline") + " = ? AND " + dialect.quote("source") + " = ? AND "
                + dialect.quote("event_id") + " IN (" + "?,".repeat(expired.size() - 1) + "?)")) {
            delete.setString(1, pipeline);
            delete.setString(2, source);
            for (int i = 0; i < expired.size(); i++) {
                delete.setString(3 + i, expired.get(i));
            }
            delete.executeUpdate();
        }
        return expired.size();
    }

    /** Which of {@code ids} this source has applied already. Ids are bound, never part of the SQL. */
    public Set<String> known(String pipeline, String source, Collection<String> ids) throws SQLException {
        Set<String> known = new HashSet<>();
        if (ids.isEmpty()) {
            return known;
        }
        List<String> all = new ArrayList<>(ids);
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
                String sql = "SELECT " + dialect.quote("event_id") + " FROM " + dialect.qualified(table.name())
                        + " WHERE " + dialect.quote("pipeline") + " = ? AND " + dialect.quote("source") + " = ? AND "
                        + dialect.quote("event_id") + " IN (" + "?,".repeat(chunk.size() - 1) + "?)";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, pipeline);
                    statement.setString(2, source);
                    for (int i = 0; i < chunk.size(); i++) {
                        statement.setString(3 + i, chunk.get(i));
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            known.add(rows.getString(1));
                        }
                    }
                }
            }
        }
        return known;
    }

    /** Remembers these ids in the flush's transaction. */
    public TransactionParticipant participant(String pipeline, String source, Collection<String> ids) {
        return connection -> {
            if (ids.isEmpty()) {
                return;
            }
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            List<Object[]> rows = new ArrayList<>(ids.size());
            for (String id : ids) {
                rows.add(new Object[] {pipeline, source, id, now});
            }
            dialect.upsert(connection, table, rows);
        };
    }
}
