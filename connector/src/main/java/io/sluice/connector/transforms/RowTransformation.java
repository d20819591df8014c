package io.sluice.connector.transforms;

import java.util.List;
import java.util.Set;
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

    private final SchemaCache<RowPlan> plans = new SchemaCache<>(SCHEMA_CACHE_SIZE);
    /** {@link #plan}, made once: a lambda made per call allocates per record. */
    private final java.util.function.BiFunction<Schema, Struct, RowPlan> planner = this::plan;

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

        /**
         * As {@link #apply(Struct, Object[])}; when {@code owned}, the row was built by an earlier transform of
         * the same chain pass and nothing else holds it, so a plan that keeps its schema may rewrite it in place.
         */
        default Struct apply(Struct row, Object[] change, boolean owned) {
            return apply(row, change);
        }

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
    protected boolean applyToChange(RowChange<R> change) {
        rewriteRows(change, planFor(change));
        return true;
    }

    protected final RowPlan planFor(RowChange<R> change) {
        RowPlan plan = plans.get(change.rowSchema(), change.envelope(), planner);
        // Checked per record: a table can gain a primary key without any change to its row schema.
        plan.checkKey(change.record().keySchema(), change.envelope());
        return plan;
    }

    protected final void rewriteRows(RowChange<R> change, RowPlan plan) {
        Object[] values = changeValues(change.envelope());
        Struct before = change.before();
        Struct after = change.after();
        change.setRows(plan.schema(), before == null ? null : plan.apply(before, values, change.owns(before)),
                after == null ? null : plan.apply(after, values, change.owns(after)));
    }

    /**
     * A plan that builds each output row from the input row's column of the same name, which {@link #value}
     * may replace. Where each output column comes from, and which columns {@code value} may change, are
     * worked out once: a row costs no lookup by name, and a column the plan leaves alone is copied without a
     * call. A plan that keeps the row's schema rewrites a row built earlier in the same chain pass in place,
     * touching only the columns it changes (a run of such transforms then builds one row, not one each).
     */
    protected abstract static class CopyingPlan implements RowPlan {

        private final Schema schema;
        /** Per output column, the index of the input column of the same name; -1 when the input has none. */
        private final int[] from;
        /** The output columns whose values {@link #value} works out: those it may change, and new ones. */
        private final int[] rewritten;
        /** Whether the output has the input's very fields, so a row may be rewritten where it is. */
        private final boolean sameLayout;

        /** A plan whose {@link #value} may change any column. */
        protected CopyingPlan(Schema input, Schema output) {
            this(input, output, null);
        }

        /**
         * @param changes per output column, whether {@link #value} may return other than the input's value;
         *                null for every column. Columns the input lacks are always worked out.
         */
        protected CopyingPlan(Schema input, Schema output, boolean[] changes) {
            List<Field> fields = output.fields();
            this.from = new int[fields.size()];
            int[] worked = new int[from.length];
            int count = 0;
            boolean layout = input.fields().size() == from.length;
            for (int i = 0; i < from.length; i++) {
                Field source = input.field(fields.get(i).name());
                from[i] = source == null ? -1 : source.index();
                layout &= from[i] == i;
                if (from[i] < 0 || changes == null || changes[i]) {
                    worked[count++] = i;
                }
            }
            this.rewritten = java.util.Arrays.copyOf(worked, count);
            // An output schema equal to the input's is the input's: rows built by the transforms before this
            // one stay of one schema object, and can be rewritten in place.
            this.sameLayout = layout && output.equals(input);
            this.schema = sameLayout ? input : output;
        }

        @Override
        public final Schema schema() {
            return schema;
        }

        @Override
        public Struct apply(Struct row, Object[] change) {
            return apply(row, change, false);
        }

        @Override
        public Struct apply(Struct row, Object[] change, boolean owned) {
            if (!TrustedStruct.writable()) {
                return applyByPut(row, change);
            }
            Object[] input = TrustedStruct.values(row);
            Struct out;
            Object[] output;
            if (owned && sameLayout && row.schema() == schema) {
                out = row;
                output = input;
            } else {
                out = new Struct(schema);
                output = TrustedStruct.values(out);
                if (sameLayout) {
                    System.arraycopy(input, 0, output, 0, output.length);
                } else {
                    for (int i = 0; i < from.length; i++) {
                        output[i] = from[i] < 0 ? null : input[from[i]];
                    }
                }
            }
            // The one call of value() here: each call site of it is compiled with every plan inlined that it
            // saw, and three of them made this method 34 KB of code and 0.35 s of C2 (LogCompilation).
            for (int column : rewritten) {
                output[column] = value(column, output[column], row, change);
            }
            return out;
        }

        /** {@link #apply} for a Connect whose {@code Struct} has no values array to fill: through the checked put. */
        private Struct applyByPut(Struct row, Object[] change) {
            Object[] input = TrustedStruct.values(row);
            Struct out = new Struct(schema);
            List<Field> fields = schema.fields();
            for (int i = 0; i < from.length; i++) {
                Object value = value(i, from[i] < 0 ? null : input[from[i]], row, change);
                if (value != null) {
                    TrustedStruct.put(out, fields.get(i), value);
                }
            }
            return out;
        }

        /**
         * The value of output column {@code column}, given the input's value of the same name (null when it
         * is null or absent); made exactly of the column's declared type. {@code row} is the input row; a plan
         * that keeps the schema may rewrite it in place, so reading columns of it that the plan changes is wrong.
         */
        protected abstract Object value(int column, Object input, Struct row, Object[] change);
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

}
