package io.sluice.connector.transforms;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/** The values a masked column can hold while keeping its type, so the warehouse column keeps its type too. */
final class MaskedValues {

    /**
     * String types whose text must parse as something (a UUID, JSON, an instant) for the warehouse
     * writer: masking characters would make them unreadable, so they take their zero value instead.
     */
    private static final Set<String> STRUCTURED_TEXT = Set.of(
            "io.debezium.data.Uuid", "io.debezium.data.Json", "io.debezium.time.ZonedTimestamp",
            "io.debezium.time.ZonedTime");

    private static final byte[] NO_BYTES = new byte[0];

    private MaskedValues() {
    }

    /** True for a string column whose text is free text, which masking characters may replace. */
    static boolean isPlainText(Schema schema) {
        return schema.type() == Schema.Type.STRING && (schema.name() == null || !STRUCTURED_TEXT.contains(schema.name()));
    }

    /**
     * The value that says nothing about the original: 0, false, "", the epoch, an empty collection;
     * null for a struct, which has none.
     */
    static Object zeroOf(Schema schema) {
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    return BigDecimal.ZERO.setScale(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
                case Date.LOGICAL_NAME, Time.LOGICAL_NAME, Timestamp.LOGICAL_NAME:
                    return new java.util.Date(0);
                case "io.debezium.data.Uuid":
                    return "00000000-0000-0000-0000-000000000000";
                case "io.debezium.data.Json":
                    return "{}";
                case "io.debezium.time.ZonedTimestamp":
                    return "1970-01-01T00:00:00Z";
                case "io.debezium.time.ZonedTime":
                    return "00:00:00Z";
                case "io.debezium.data.VariableScaleDecimal":
                    return new Struct(schema).put("scale", 0).put("value", new byte[] {0});
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> (byte) 0;
            case INT16 -> (short) 0;
            case INT32 -> 0;
            case INT64 -> 0L;
            case FLOAT32 -> 0f;
            case FLOAT64 -> 0d;
            case BOOLEAN -> false;
            case STRING -> "";
            case BYTES -> NO_BYTES;
            case ARRAY -> List.of();
            case MAP -> Map.of();
            case STRUCT -> null;
        };
    }

    /** {@code mask} once per character (code point) of {@code text}. */
    static String sameLength(String text, String mask) {
        return mask.repeat(text.codePointCount(0, text.length()));
    }
}
