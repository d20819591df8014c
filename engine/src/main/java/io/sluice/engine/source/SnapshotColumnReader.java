package io.sluice.engine.source;

import io.debezium.connector.postgresql.PostgresType;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.data.SpecialValueDecimal;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.core.Oid;

/**
 * Reads the columns of one snapshot query's rows exactly as Debezium's {@code PostgresConnection.getColumnValue}
 * does (arrays as {@code java.sql.Array}; numeric as Debezium's special-value decimal; bit, time and timetz as
 * text; anything else as the driver's object), but with each column's PostgreSQL type resolved once per query
 * instead of once per value: Debezium asks the result set's metadata and its type registry for every value,
 * which was a twelfth of a snapshot's CPU. Money, and any type it cannot resolve, it leaves to Debezium.
 */
final class SnapshotColumnReader {

    private enum Kind { ARRAY, TEXT, NUMERIC, OBJECT, DEBEZIUM }

    private final PostgresConnection connection;
    private final Table table;
    private final Kind[] kinds;

    SnapshotColumnReader(PostgresConnection connection, Table table, ResultSet rows) throws SQLException {
        this.connection = connection;
        this.table = table;
        ResultSetMetaData metaData = rows.getMetaData();
        kinds = new Kind[metaData.getColumnCount()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kindOf(connection, metaData, i + 1);
        }
    }

    private static Kind kindOf(PostgresConnection connection, ResultSetMetaData metaData, int index) {
        PostgresType type;
        try {
            type = connection.getTypeRegistry().get(metaData.getColumnTypeName(index));
        } catch (RuntimeException | SQLException e) {
            return Kind.DEBEZIUM; // Debezium's own fallback then applies, value by value
        }
        if (type == null) {
            return Kind.DEBEZIUM;
        }
        if (type.isArrayType()) {
            return Kind.ARRAY;
        }
        return switch (type.getOid()) {
            case Oid.MONEY -> Kind.DEBEZIUM;
            case Oid.BIT, Oid.TIME, Oid.TIMETZ -> Kind.TEXT;
            case Oid.NUMERIC -> Kind.NUMERIC;
            default -> Kind.OBJECT;
        };
    }

    /** Column {@code index} (1-based) of the current row, {@code column} being its Debezium column. */
    Object read(ResultSet rows, int index, Column column) throws SQLException {
        return switch (kinds[index - 1]) {
            case ARRAY -> rows.getArray(index);
            case TEXT -> rows.getString(index);
            case NUMERIC -> numeric(rows, index);
            case OBJECT -> rows.getObject(index);
            case DEBEZIUM -> connection.getColumnValue(rows, index, column, table);
        };
    }

    private static Object numeric(ResultSet rows, int index) throws SQLException {
        String text = rows.getString(index);
        if (text == null) {
            return null;
        }
        Optional<SpecialValueDecimal> special = PostgresValueConverter.toSpecialValue(text); // NaN, ±Infinity
        // pgjdbc's getBigDecimal parses the same text again (new BigDecimal of the trimmed text): parsed once here.
        return special.isPresent() ? special.get() : new SpecialValueDecimal(new BigDecimal(text.trim()));
    }
}
