package io.sluice.connector.type.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Given Debezium's variable-scale decimals (a scale and the unscaled value's big-endian two's-complement
 * bytes), then each converts to exactly its number and scale: the ones that fit a long (read without a
 * BigInteger) at every byte length and sign boundary, and the ones that do not.
 */
class VariableScaleDecimalTypeTest {

    private static final Schema SCHEMA = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).optional().build();

    private final VariableScaleDecimalType type = new VariableScaleDecimalType();

    private Object convert(BigDecimal number, boolean asBuffer) {
        byte[] bytes = number.unscaledValue().toByteArray();
        Struct struct = new Struct(SCHEMA).put("scale", number.scale())
                .put("value", asBuffer ? ByteBuffer.wrap(bytes) : bytes);
        return type.convert(struct, SCHEMA);
    }

    @Test
    void everyNumberComesBackWithItsScale() {
        String[] numbers = {"0", "1", "-1", "12.50", "-0.001", "127", "128", "-128", "-129", "255", "256",
                "32767", "-32768", "8388607", "-8388608", "2147483647", "-2147483648", "549755813887",
                "-549755813888", "140737488355327", "36028797018963967", "-36028797018963968",
                "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                "123456789012345678901234567890.123456789", "-1E+5"};
        for (String text : numbers) {
            BigDecimal number = new BigDecimal(text);
            for (boolean asBuffer : new boolean[] {false, true}) {
                Object converted = convert(number, asBuffer);
                assertThat(converted).as(text).isEqualTo(number); // BigDecimal.equals: value and scale
            }
        }
    }

    @Test
    void theLongPathAgreesWithBigIntegerAtEveryLength() {
        for (int bits = 1; bits < 64; bits++) {
            for (BigInteger unscaled : new BigInteger[] {BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE),
                    BigInteger.ONE.shiftLeft(bits).negate(), BigInteger.ONE.shiftLeft(bits - 1)}) {
                BigDecimal number = new BigDecimal(unscaled, 3);
                assertThat(convert(number, false)).as(unscaled.toString()).isEqualTo(number);
            }
        }
    }
}
