package io.sluice.connector.transforms;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * The parts of a Debezium change-event envelope the transforms read and rebuild: the row images
 * {@code before} and {@code after} (one row schema for both), the {@code source} block naming the
 * table, and {@code op}. Every other field ({@code ts_ms}, {@code transaction}, …) is carried over as is.
 */
final class Envelope {

    static final String BEFORE = "before";
    static final String AFTER = "after";
    static final String SOURCE = "source";
    static final String OP = "op";
    static final String DELETE = "d";

    private Envelope() {
    }

    /** True for a struct shaped like a Debezium row change; false for tombstones, heartbeats, schema changes. */
    static boolean isChange(Object value) {
        if (!(value instanceof Struct struct)) {
            return false;
        }
        Schema schema = struct.schema();
        Field before = schema.field(BEFORE);
        Field after = schema.field(AFTER);
        Field source = schema.field(SOURCE);
        return before != null && after != null && source != null && schema.field(OP) != null
                && before.schema().type() == Schema.Type.STRUCT
                && source.schema().type() == Schema.Type.STRUCT
                && before.schema().equals(after.schema());
    }

    static Schema rowSchema(Struct envelope) {
        return envelope.schema().field(AFTER).schema();
    }

    static boolean isDelete(Struct envelope) {
        return DELETE.equals(envelope.getString(OP));
    }

    /** The row a change leaves behind, which conditions and rules judge: {@code after}, or {@code before} for a delete. */
    static Struct governedRow(Struct envelope) {
        return envelope.getStruct(isDelete(envelope) ? BEFORE : AFTER);
    }

    /** {@code schema.table}: the PostgreSQL schema, or the MySQL/MariaDB database, then the table. */
    static String tableName(Struct envelope) {
        Struct source = envelope.getStruct(SOURCE);
        return source == null ? "" : sourceString(source, "schema", "db") + "." + sourceString(source, "table", null);
    }

    /** A string of the source block: the first of the named fields that exists and is set, or "". */
    static String sourceString(Struct source, String field, String fallbackField) {
        Object value = source.schema().field(field) != null ? source.get(field) : null;
        if (value == null && fallbackField != null && source.schema().field(fallbackField) != null) {
            value = source.get(fallbackField);
        }
        return value == null ? "" : value.toString();
    }

    /** The envelope schema with {@code rowSchema} in place of the row images' schema; all else unchanged. */
    static Schema withRowSchema(Schema envelopeSchema, Schema rowSchema) {
        SchemaBuilder builder = SchemaBuilder.struct()
                .name(envelopeSchema.name()).version(envelopeSchema.version()).doc(envelopeSchema.doc());
        if (envelopeSchema.parameters() != null) {
            builder.parameters(envelopeSchema.parameters());
        }
        if (envelopeSchema.isOptional()) {
            builder.optional();
        }
        for (Field field : envelopeSchema.fields()) {
            boolean rowImage = field.name().equals(BEFORE) || field.name().equals(AFTER);
            builder.field(field.name(), rowImage ? rowSchema : field.schema());
        }
        return builder.build();
    }

    /**
     * A new envelope of {@code schema} — {@code envelope}'s schema with other row images, as
     * {@link #withRowSchema} makes it: the same fields in the same order — with the given row images, at
     * {@code beforeIndex} and {@code afterIndex}, and every other field of {@code envelope}.
     */
    static Struct withRows(Struct envelope, Schema schema, int beforeIndex, int afterIndex, Struct before, Struct after) {
        Struct rebuilt = new Struct(schema);
        if (TrustedStruct.writable()) {
            // By index, not a lookup by name per field per record.
            Object[] values = TrustedStruct.values(rebuilt);
            System.arraycopy(TrustedStruct.values(envelope), 0, values, 0, values.length);
            values[beforeIndex] = before;
            values[afterIndex] = after;
            return rebuilt;
        }
        for (Field field : schema.fields()) {
            Object value = switch (field.name()) {
                case BEFORE -> before;
                case AFTER -> after;
                default -> envelope.getWithoutDefault(field.name());
            };
            if (value != null) {
                TrustedStruct.put(rebuilt, field, value);
            }
        }
        return rebuilt;
    }
}
