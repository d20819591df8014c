package io.sluice.connector.type.connect;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.ColumnType.Kind;
import io.sluice.connector.type.LogicalType;
import org.apache.kafka.connect.data.Schema;

/** Connect's plain types, used when a field's schema has no logical name we know. */
public final class PrimitiveType implements LogicalType {

    public static final PrimitiveType INSTANCE = new PrimitiveType();

    @Override
    public ColumnType columnType(Schema schema) {
        return switch (schema.type()) {
            case BOOLEAN -> ColumnType.of(Kind.BOOLEAN);
            case INT8, INT16 -> ColumnType.of(Kind.INT16);
            case INT32 -> ColumnType.of(Kind.INT32);
            case INT64 -> ColumnType.of(Kind.INT64);
            case FLOAT32 -> ColumnType.of(Kind.FLOAT32);
            case FLOAT64 -> ColumnType.of(Kind.FLOAT64);
            case STRING -> ColumnType.of(Kind.TEXT);
            case BYTES -> ColumnType.of(Kind.BYTES);
            // Nested values have no column type of their own: they are stored as JSON text.
            case ARRAY, MAP, STRUCT -> ColumnType.of(Kind.JSON);
        };
    }

    @Override
    public Object convert(Object value, Schema schema) {
        return switch (schema.type()) {
            case INT8 -> ((Byte) value).shortValue();
            case BYTES -> value instanceof java.nio.ByteBuffer buffer ? bytesOf(buffer) : value;
            case ARRAY, MAP, STRUCT -> JsonText.of(value);
            default -> value;
        };
    }

    private static byte[] bytesOf(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
