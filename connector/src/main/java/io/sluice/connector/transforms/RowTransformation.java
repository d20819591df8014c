package io.sluice.connector.transforms;

import java.util.Set;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * A transform that rewrites each row image of a change the same way. What it does to the rows of one
 * schema is worked out once, as a {@link RowPlan}, and cached per row schema; both {@code before} and
 * {@code after} then go through that plan.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public abstract class RowTransformation<R extends ConnectRecord<R>> extends EnvelopeTransformation<R> {

    private final Cache<Schema, RowPlan> plans = new SynchronizedCache<>(new LRUCache<>(SCHEMA_CACHE_SIZE));

    /** What a transform does to rows of one schema. */
    protected interface RowPlan {

        /** The schema of the rows {@link #apply} returns; the input schema when it keeps it. */
        Schema schema();

        /**
         * A row rewritten, never mutated; the row itself when nothing changes.
         *
         * @param change what {@link #changeValues} returned for the change this row belongs to
         */
        Struct apply(Struct row, Object[] change);

        /** Fails when this plan must not touch the key of a record with {@code keySchema}; any key is fine by default. */
        default void checkKey(Schema keySchema, Struct envelope) {
        }
    }

    /** Works out what to do to rows of {@code rowSchema}; configuration errors that need the schema surface here. */
    protected abstract RowPlan plan(Schema rowSchema, Struct envelope);

    /** Values a plan takes from the change as a whole, worked out once for both row images; none by default. */
    protected Object[] changeValues(Struct envelope) {
        return null;
    }

    @Override
    protected R applyToChange(R record, Struct envelope) {
        return rewriteRows(record, envelope, planFor(record, envelope));
    }

    protected final RowPlan planFor(R record, Struct envelope) {
        Schema rowSchema = Envelope.rowSchema(envelope);
        RowPlan plan = plans.get(rowSchema);
        if (plan == null) {
            plan = plan(rowSchema, envelope);
            plans.put(rowSchema, plan);
        }
        // Checked per record: a table can gain a primary key without any change to its row schema.
        plan.checkKey(record.keySchema(), envelope);
        return plan;
    }

    protected final R rewriteRows(R record, Struct envelope, RowPlan plan) {
        Object[] change = changeValues(envelope);
        Struct before = envelope.getStruct(Envelope.BEFORE);
        Struct after = envelope.getStruct(Envelope.AFTER);
        Struct newBefore = before == null ? null : plan.apply(before, change);
        Struct newAfter = after == null ? null : plan.apply(after, change);
        if (newBefore == before && newAfter == after) {
            return record;
        }
        return withRows(record, envelope, plan.schema(), newBefore, newAfter);
    }

    /** A plan for rows this transform has nothing to do to. */
    protected static RowPlan unchanged(Schema rowSchema) {
        return new RowPlan() {
            @Override
            public Schema schema() {
                return rowSchema;
            }

            @Override
            public Struct apply(Struct row, Object[] change) {
                return row;
            }
        };
    }

    /** A struct builder with the name, version, doc, parameters and optionality of {@code rowSchema}, and no fields. */
    protected static SchemaBuilder rowSchemaLike(Schema rowSchema) {
        SchemaBuilder builder = SchemaBuilder.struct()
                .name(rowSchema.name()).version(rowSchema.version()).doc(rowSchema.doc());
        if (rowSchema.parameters() != null) {
            builder.parameters(rowSchema.parameters());
        }
        if (rowSchema.isOptional()) {
            builder.optional();
        }
        return builder;
    }

    /**
     * Refuses a record whose primary key (the fields of its key struct) includes one of {@code columns}.
     *
     * @param doing  what the transform would do to those columns, e.g. "masks"
     * @param advice what to do instead
     */
    protected static void refuseKeyColumns(Set<String> columns, Schema keySchema, Struct envelope, String transform,
                                           String doing, String advice) {
        if (columns.isEmpty() || keySchema == null || keySchema.type() != Schema.Type.STRUCT) {
            return;
        }
        for (Field field : keySchema.fields()) {
            if (columns.contains(field.name())) {
                throw new ConfigException(transform + " " + doing + " column '" + field.name() + "' of "
                        + Envelope.tableName(envelope) + ", which is part of its primary key; " + advice);
            }
        }
    }

    /** A column's type for messages: {@code INT32}, or {@code STRING (io.debezium.data.Uuid)}. */
    protected static String describe(Schema schema) {
        return schema.name() == null ? schema.type().toString() : schema.type() + " (" + schema.name() + ")";
    }

    /** The raw value of a field, without the schema's default standing in for null: copies keep nulls null. */
    protected static Object rawValue(Struct row, Field field) {
        return row.getWithoutDefault(field.name());
    }
}
