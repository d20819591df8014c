package io.sluice.connector.dialect;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.writer.TableName;
import io.sluice.connector.writer.WarehouseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a warehouse database must offer the writer. Each implementation holds one database's SQL and
 * quirks and nothing else. Values never become SQL text: they are bound or streamed; identifiers come
 * only from record schemas and pass through {@link #quote(String)}.
 */
public interface DatabaseDialect {

    /** A short name for messages, e.g. {@code postgres}. */
    String name();

    /** Checks that {@code identifier} can name a table or column here, and quotes it. */
    String quote(String identifier);

    /** The quoted, schema-qualified name. */
    default String qualified(TableName name) {
        return name.schema() == null ? quote(name.table()) : quote(name.schema()) + "." + quote(name.table());
    }

    /** The SQL type for a column of this type. */
    String sqlType(ColumnType type);

    /** The names of the table's columns, or an empty set when the table does not exist. */
    default Set<String> existingColumns(Connection connection, TableName table) throws SQLException {
        return existingColumnTypes(connection, table).keySet();
    }

    /**
     * The table's columns with their types as far as the writer compares them (numbers, to widen
     * them); other columns map to null. Empty when the table does not exist.
     */
    Map<String, ColumnType> existingColumnTypes(Connection connection, TableName table) throws SQLException;

    /** Changes a column to the (wider) type of {@code column}. */
    void alterColumnType(Connection connection, TableName table, Column column) throws SQLException;

    void createTable(Connection connection, TableName table, List<Column> columns, List<Column> key) throws SQLException;

    void addColumn(Connection connection, TableName table, Column column) throws SQLException;

    /** Inserts or replaces {@code rows} (one per key, values in {@code table.columns()} order). */
    void upsert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException;

    /**
     * Inserts or replaces {@code newRows} and {@code otherRows} (one per key, values in {@code table.columns()}
     * order, no key in both). The keys of {@code newRows} the source had just inserted, so the table most
     * likely lacks them: a dialect may insert those first and upsert them only when a key turns out to be
     * there. By default, one upsert of all.
     */
    default void upsert(Connection connection, WarehouseTable table, List<Object[]> newRows, List<Object[]> otherRows)
            throws SQLException {
        if (newRows.isEmpty() || otherRows.isEmpty()) {
            upsert(connection, table, newRows.isEmpty() ? otherRows : newRows);
            return;
        }
        List<Object[]> all = new java.util.ArrayList<>(newRows.size() + otherRows.size());
        all.addAll(newRows);
        all.addAll(otherRows);
        upsert(connection, table, all);
    }

    /** Deletes the rows with these keys. */
    void delete(Connection connection, WarehouseTable table, List<RowKey> keys) throws SQLException;

    /** Empties the table inside the flush's transaction (so not {@code TRUNCATE}, which commits on MySQL). */
    void deleteAll(Connection connection, TableName table) throws SQLException;

    /** Sets these columns to these values in the rows with these keys, or in every row when {@code keys} is null. */
    void update(Connection connection, WarehouseTable table, List<Column> columns, Object[] values, List<RowKey> keys)
            throws SQLException;

    /**
     * Ends versions in a history table, set-based: each row of {@code keysAndEnds} is a key (values in
     * {@code keyColumns} order) followed by the time its current version ends. Only rows whose
     * {@code current} column is true change: {@code validTo} is set and {@code current} turns false.
     * With {@code keysAndEnds} null, every current version ends at {@code allEndAt} (a source TRUNCATE).
     */
    void closeVersions(Connection connection, TableName history, List<Column> keyColumns, Column validTo, Column current,
                       List<Object[]> keysAndEnds, java.time.OffsetDateTime allEndAt) throws SQLException;

    /** Appends rows to a table without a key (e.g. the quarantine table). */
    void insert(Connection connection, WarehouseTable table, List<Object[]> rows) throws SQLException;

    /**
     * True when the error is about the data written (a value the column cannot take, a constraint, a
     * table or column that does not fit), so the rows responsible belong in quarantine; false when it
     * is about the warehouse itself (connection lost, disk full, shutting down), which is retried.
     */
    boolean isDataError(SQLException error);
}
