package io.sluice.connector.type;

import io.sluice.connector.change.RowKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The columns of one table version as Connect describes them, with the positions of its key columns.
 * Built once per (row schema, key schema) pair and shared by every event of that table version.
 */
public final class RowSchema {

    private final Schema connectSchema;
    private final List<Column> columns;
    private final int[] keyPositions;

    private RowSchema(Schema connectSchema, List<Column> columns, int[] keyPositions) {
        this.connectSchema = connectSchema;
        this.columns = columns;
        this.keyPositions = keyPositions;
    }

    /**
     * @param rowSchema  the struct schema of a row ({@code before}/{@code after} of the envelope)
     * @param keyColumns names of the primary-key columns, in key order
     */
    public static RowSchema of(Schema rowSchema, List<String> keyColumns) {
        List<Column> columns = new ArrayList<>(rowSchema.fields().size());
        for (Field field : rowSchema.fields()) {
            columns.add(Column.of(field.name(), field.schema()));
        }
        int[] keyPositions = new int[keyColumns.size()];
        for (int i = 0; i < keyPositions.length; i++) {
            Field field = rowSchema.field(keyColumns.get(i));
            if (field == null) {
                throw new IllegalArgumentException("key column '" + keyColumns.get(i) + "' is not a column of the row");
            }
            keyPositions[i] = field.index();
        }
        return new RowSchema(rowSchema, Collections.unmodifiableList(columns), keyPositions);
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Column> keyColumns() {
        List<Column> key = new ArrayList<>(keyPositions.length);
        for (int position : keyPositions) {
            key.add(columns.get(position));
        }
        return key;
    }

    public int[] keyPositions() {
        return keyPositions;
    }

    public Schema connectSchema() {
        return connectSchema;
    }

    /** Converts every column of a Connect row into warehouse-ready values, in column order. */
    public Object[] convert(Struct row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).convert(row.get(connectSchema.fields().get(i)));
        }
        return values;
    }

    public RowKey keyOf(Object[] row) {
        Object[] key = new Object[keyPositions.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyPositions[i]];
        }
        return new RowKey(key);
    }

    /** The key of a Connect key struct whose fields are this schema's key columns. */
    public RowKey keyOf(Struct key) {
        Object[] values = new Object[keyPositions.length];
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(keyPositions[i]);
            values[i] = column.convert(key.get(column.name()));
        }
        return new RowKey(values);
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof RowSchema that
                && connectSchema.equals(that.connectSchema)
                && java.util.Arrays.equals(keyPositions, that.keyPositions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectSchema, java.util.Arrays.hashCode(keyPositions));
    }
}
