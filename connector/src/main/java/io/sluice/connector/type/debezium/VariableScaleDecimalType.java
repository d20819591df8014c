package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * {@code io.debezium.data.VariableScaleDecimal}: a NUMERIC without declared precision, sent as a struct
 * of {@code scale} and the unscaled {@code value} bytes. Kept exact, never through a double.
 */
public final class VariableScaleDecimalType implements LogicalType {

    @Override
    public ColumnType columnType(Schema schema) {
        return ColumnType.of(ColumnType.Kind.NUMERIC);
    }

    /** The struct's two fields, looked up once per schema object (Debezium reuses one per column). */
    private record Fields(Schema schema, Field scale, Field value) {
    }

    // An immutable record behind a volatile field: one type serves every thread.
    private volatile Fields last;

    @Override
    public Object convert(Object value, Schema schema) {
        Struct struct = (Struct) value;
        Fields fields = last;
        if (fields == null || fields.schema() != struct.schema()) {
            fields = new Fields(struct.schema(), struct.schema().field("scale"), struct.schema().field("value"));
            last = fields;
        }
        Object unscaled = struct.get(fields.value());
        byte[] bytes = unscaled instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) unscaled;
        int scale = (Integer) struct.get(fields.scale());
        if (bytes.length <= 8) {
            // Most numbers fit a long: no BigInteger on the way.
            long number = 0;
            for (byte b : bytes) {
                number = (number << 8) | (b & 0xFF);
            }
            int unused = 64 - 8 * bytes.length;
            number = unused == 64 ? 0 : (number << unused) >> unused; // sign-extend the big-endian two's complement
            return BigDecimal.valueOf(number, scale);
        }
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
