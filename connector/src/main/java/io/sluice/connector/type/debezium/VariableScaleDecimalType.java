package io.sluice.connector.type.debezium;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.LogicalType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
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

    @Override
    public Object convert(Object value, Schema schema) {
        Struct struct = (Struct) value;
        Object unscaled = struct.get("value");
        byte[] bytes = unscaled instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) unscaled;
        return new BigDecimal(new BigInteger(bytes), struct.getInt32("scale"));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
