package io.sluice.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.EventColumnType;
import io.sluice.config.EventTable;
import io.sluice.connector.transforms.TrustedStruct;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * A declared event table as Connect schemas shaped like Debezium's: the row, the key, and the change
 * envelope ({@code before}, {@code after}, {@code op}, {@code source}, {@code ts_ms}). Column types use the
 * logical types the writer already knows ({@code io.debezium.data.VariableScaleDecimal} for numeric,
 * {@code io.debezium.time.MicroTimestamp} for timestamp, ...), so event rows land exactly like captured ones.
 * Immutable, shared by every thread that decodes events for the table.
 *
 * <p>Structs are filled with {@link TrustedStruct}, without Connect's check of each value against its schema:
 * every value is made here as exactly its column's type, and the check (which re-checks a row again when it
 * is put into its envelope) was a quarter of decoding's cost.
 */
final class EventTableSchema {

    static final Schema SOURCE = SchemaBuilder.struct().name("io.sluice.events.Source")
            .field("name", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    private static final Field SOURCE_NAME = SOURCE.field("name");
    private static final Field SOURCE_TABLE = SOURCE.field("table");
    private static final Field SOURCE_TS = SOURCE.field("ts_ms");

    private static final int MAX_NUMBER_TEXT = 1000;

    /** A declared column with its fields looked up once: events are decoded by the field, not by its name. */
    private record Slot(String name, EventColumnType type, boolean isKey, Field field, Field keyField) {
    }

    private final List<Slot> slots = new ArrayList<>();
    private final Field before;
    private final Field after;
    private final Field sourceField;
    private final Field op;
    private final Field tsMillis;

    private final String source;
    private final String topic;
    private final EventTable table;
    private final Map<String, Schema> columnSchemas = new LinkedHashMap<>();
    private final Schema row;
    private final Schema key;
    private final Schema envelope;

    EventTableSchema(String source, EventTable table) {
        this.source = source;
        this.topic = source + "." + table.name();
        this.table = table;
        SchemaBuilder rowBuilder = SchemaBuilder.struct().name("io.sluice.events." + source + "." + table.name() + ".Value");
        SchemaBuilder keyBuilder = SchemaBuilder.struct().name("io.sluice.events." + source + "." + table.name() + ".Key");
        table.columns().forEach((column, type) -> {
            boolean isKey = table.key().contains(column);
            // Key columns are required in the key; every row column is optional, since a delete's before
            // image carries only the key.
            Schema schema = schemaOf(type, true);
            columnSchemas.put(column, schema);
            rowBuilder.field(column, schema);
            if (isKey) {
                keyBuilder.field(column, schemaOf(type, false));
            }
        });
        this.row = rowBuilder.optional().build();
        this.key = keyBuilder.build();
        this.envelope = SchemaBuilder.struct().name("io.sluice.events." + source + "." + table.name() + ".Envelope")
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        table.columns().forEach((column, type) -> {
            boolean isKey = table.key().contains(column);
            slots.add(new Slot(column, type, isKey, row.field(column), isKey ? key.field(column) : null));
        });
        this.before = envelope.field("before");
        this.after = envelope.field("after");
        this.sourceField = envelope.field("source");
        this.op = envelope.field("op");
        this.tsMillis = envelope.field("ts_ms");
    }

    /** The change envelope of a row's images. */
    Struct envelope(Struct beforeImage, Struct afterImage, String operation, long receivedAt) {
        Struct struct = new Struct(envelope);
        if (beforeImage != null) {
            TrustedStruct.put(struct, before, beforeImage);
        }
        if (afterImage != null) {
            TrustedStruct.put(struct, after, afterImage);
        }
        TrustedStruct.put(struct, sourceField, sourceBlock(receivedAt));
        TrustedStruct.put(struct, op, operation);
        TrustedStruct.put(struct, tsMillis, receivedAt);
        return struct;
    }

    EventTable table() {
        return table;
    }

    Schema keySchema() {
        return key;
    }

    Schema envelope() {
        return envelope;
    }

    String topic() {
        return topic;
    }

    boolean hasColumn(String name) {
        return columnSchemas.containsKey(name);
    }

    /** The source block of an envelope: which source and table, and when the event arrived (for the lag). */
    Struct sourceBlock(long tsMillis) {
        Struct block = new Struct(SOURCE);
        TrustedStruct.put(block, SOURCE_NAME, source);
        TrustedStruct.put(block, SOURCE_TABLE, table.name());
        TrustedStruct.put(block, SOURCE_TS, tsMillis);
        return block;
    }

    /**
     * The row of {@code object}'s declared columns; a column it lacks is null.
     *
     * @throws EventRejectedException naming the field, when a value does not fit its column or a key is missing
     */
    Struct row(JsonNode object, boolean keyOnly) {
        Struct struct = new Struct(row);
        for (Slot column : slots) {
            if (keyOnly && !column.isKey()) {
                continue;
            }
            JsonNode value = object.get(column.name());
            if (value == null || value.isNull()) {
                if (column.isKey()) {
                    throw new EventRejectedException(column.name(), "the key column is missing or null");
                }
                continue;
            }
            TrustedStruct.put(struct, column.field(), convert(column, value));
        }
        return struct;
    }

    /** The record key: the key columns of a row. */
    Struct keyOf(Struct rowStruct) {
        Struct keyStruct = new Struct(key);
        for (Slot column : slots) {
            if (column.isKey()) {
                TrustedStruct.put(keyStruct, column.keyField(), rowStruct.get(column.field()));
            }
        }
        return keyStruct;
    }

    private static Schema schemaOf(EventColumnType type, boolean optional) {
        SchemaBuilder builder = switch (type) {
            case SMALLINT -> SchemaBuilder.int16();
            case INTEGER -> SchemaBuilder.int32();
            case BIGINT -> SchemaBuilder.int64();
            case REAL -> SchemaBuilder.float32();
            case DOUBLE -> SchemaBuilder.float64();
            case BOOLEAN -> SchemaBuilder.bool();
            case TEXT -> SchemaBuilder.string();
            case NUMERIC -> SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                    .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA);
            case DATE -> SchemaBuilder.int32().name("io.debezium.time.Date");
            case TIMESTAMP -> SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp");
            case TIMESTAMPTZ -> SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp");
            case UUID -> SchemaBuilder.string().name("io.debezium.data.Uuid");
            case JSON -> SchemaBuilder.string().name("io.debezium.data.Json");
        };
        return optional ? builder.optional().build() : builder.build();
    }

    private static Object convert(Slot column, JsonNode value) {
        EventColumnType type = column.type();
        try {
            return switch (type) {
                case SMALLINT -> (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
                case INTEGER -> (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case BIGINT -> integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
                case REAL -> decimal(value).floatValue();
                case DOUBLE -> decimal(value).doubleValue();
                case NUMERIC -> variableScale(decimal(value), column.field().schema());
                case BOOLEAN -> {
                    if (!value.isBoolean()) {
                        throw wrong("true or false", value);
                    }
                    yield value.booleanValue();
                }
                case TEXT -> text(value);
                case DATE -> value.isIntegralNumber() ? (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE)
                        : (int) LocalDate.parse(text(value)).toEpochDay();
                case TIMESTAMP -> value.isIntegralNumber() ? integral(value, Long.MIN_VALUE, Long.MAX_VALUE)
                        : ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0),
                        LocalDateTime.parse(text(value)));
                case TIMESTAMPTZ -> OffsetDateTime.parse(text(value)).withOffsetSameInstant(ZoneOffset.UTC).toString();
                case UUID -> java.util.UUID.fromString(text(value)).toString();
                case JSON -> value.toString();
            };
        } catch (EventRejectedException e) {
            throw new EventRejectedException(column.name(), e.getMessage());
        } catch (DateTimeParseException | ArithmeticException | IllegalArgumentException e) {
            throw new EventRejectedException(column.name(), "expected a " + type.written() + " value, got " + kindOf(value)
                    + " that is not one");
        }
    }

    private static String text(JsonNode value) {
        if (!value.isTextual()) {
            throw wrong("text", value);
        }
        return value.textValue();
    }

    private static long integral(JsonNode value, long min, long max) {
        BigInteger number;
        if (value.isIntegralNumber()) {
            number = value.bigIntegerValue();
        } else if (value.isTextual() && value.textValue().length() <= 40 && value.textValue().matches("[+-]?\\d+")) {
            number = new BigInteger(value.textValue());
        } else {
            throw wrong("a whole number", value);
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new EventRejectedException(null, "the number is out of range " + min + ".." + max);
        }
        return number.longValue();
    }

    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual() && value.textValue().length() <= MAX_NUMBER_TEXT) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw wrong("a number", value);
            }
        }
        throw wrong("a number", value);
    }

    private static Struct variableScale(BigDecimal number, Schema schema) {
        Struct struct = new Struct(schema);
        List<Field> fields = schema.fields(); // scale, value: as schemaOf builds it
        TrustedStruct.put(struct, fields.get(0), number.scale());
        TrustedStruct.put(struct, fields.get(1), number.unscaledValue().toByteArray());
        return struct;
    }

    private static EventRejectedException wrong(String expected, JsonNode value) {
        return new EventRejectedException(null, "expected " + expected + ", got " + kindOf(value));
    }

    /** What a JSON value is, without repeating it (it may be long, or hostile). */
    static String kindOf(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case NULL -> "null";
            default -> "a value";
        };
    }
}
