package io.sluice.connector.dialect;

import io.sluice.connector.change.RowKey;
import io.sluice.connector.writer.TableName;
import java.sql.SQLDataException;

/**
 * A value the warehouse cannot hold (for example NaN in a MariaDB DOUBLE column). It fails the flush
 * before anything is sent, naming the table, the column and the row's key, so that the writer can
 * route the row to quarantine instead of storing something else in its place.
 */
public final class UnstorableValueException extends SQLDataException {

    private final transient TableName table;
    private final String column;
    private final transient RowKey key;

    public UnstorableValueException(String dialect, TableName table, String column, RowKey key, Object value, String why) {
        super(dialect + " cannot store " + value + " in column '" + column + "' of table '" + table + "' (row key "
                + key + "): " + why, "22003"); // SQLSTATE data exception: the writer quarantines the row
        this.table = table;
        this.column = column;
        this.key = key;
    }

    public TableName table() {
        return table;
    }

    public String column() {
        return column;
    }

    public RowKey key() {
        return key;
    }
}
