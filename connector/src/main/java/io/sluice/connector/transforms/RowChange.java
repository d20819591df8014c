package io.sluice.connector.transforms;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * One row change on its way through governance transforms: the envelope it came in with (its
 * {@code source} block and {@code op} never change), the row images as the transforms so far have left
 * them, and the record whose key and headers they may have changed. A {@link TransformChain} passes one
 * of these from transform to transform and builds the envelope once at the end, instead of once per
 * transform.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class RowChange<R extends ConnectRecord<R>> {

    private final Struct envelope;
    private final Shape shape;
    /** The row images the change came with: held by the input envelope, so never rewritten in place. */
    private final Struct originalBefore;
    private final Struct originalAfter;
    /** Key, headers, topic and timestamp as the transforms so far left them; its value is the input envelope. */
    private R record;
    private Schema rowSchema;
    private Struct before;
    private Struct after;
    private final boolean delete;
    private boolean rowsChanged;

    private RowChange(R record, Struct envelope, Shape shape) {
        Object[] values = TrustedStruct.values(envelope);
        this.record = record;
        this.envelope = envelope;
        this.shape = shape;
        this.rowSchema = shape.rowSchema;
        this.before = (Struct) values[shape.before];
        this.after = (Struct) values[shape.after];
        this.originalBefore = before;
        this.originalAfter = after;
        this.delete = Envelope.DELETE.equals(values[shape.op]);
    }

    /**
     * Where an envelope schema of row changes holds what a {@link RowChange} reads, worked out once per
     * schema.
     */
    static final class Shape {

        private final Schema envelopeSchema;
        private final Schema rowSchema;
        private final int before;
        private final int after;
        private final int op;

        private Shape(Schema envelopeSchema) {
            this.envelopeSchema = envelopeSchema;
            this.rowSchema = envelopeSchema.field(Envelope.AFTER).schema();
            this.before = envelopeSchema.field(Envelope.BEFORE).index();
            this.after = envelopeSchema.field(Envelope.AFTER).index();
            this.op = envelopeSchema.field(Envelope.OP).index();
        }

        /** The shape of {@code envelope}'s schema ({@code last} when it is that schema's); null for no row change. */
        static Shape of(Struct envelope, Shape last) {
            Schema schema = envelope.schema();
            if (last != null && last.envelopeSchema == schema) {
                return last;
            }
            return Envelope.isChange(envelope) ? new Shape(schema) : null;
        }
    }

    /** The change in {@code envelope}, of the given shape. */
    static <R extends ConnectRecord<R>> RowChange<R> of(R record, Struct envelope, Shape shape) {
        return new RowChange<>(record, envelope, shape);
    }

    /** The input envelope: read its {@code source} and {@code op}, never its row images (see {@link #before()}). */
    Struct envelope() {
        return envelope;
    }

    R record() {
        return record;
    }

    Schema rowSchema() {
        return rowSchema;
    }

    Struct before() {
        return before;
    }

    Struct after() {
        return after;
    }

    /**
     * Whether {@code row} (one of this change's images) was built by a transform of this pass: only this
     * change holds it, so the next transform may rewrite it in place rather than build another.
     */
    boolean owns(Struct row) {
        return row != originalBefore && row != originalAfter;
    }

    boolean isDelete() {
        return delete;
    }

    /** The row a change leaves behind, which conditions and rules judge: {@code after}, or {@code before} for a delete. */
    Struct governedRow() {
        return isDelete() ? before : after;
    }

    /**
     * Replaces the row images, both of {@code schema}. When both are the very images held, nothing
     * changes, the schema neither: as in Connect, a change without rows (a truncate) keeps its envelope.
     */
    void setRows(Schema schema, Struct newBefore, Struct newAfter) {
        if (newBefore != before || newAfter != after) {
            rowSchema = schema;
            before = newBefore;
            after = newAfter;
            rowsChanged = true;
        }
    }

    /** Replaces the record for its key or headers; its value is ignored (the rows here are what count). */
    void setRecord(R newRecord) {
        record = newRecord;
    }

    /** The record as the transforms left it: the input record itself when nothing changed. */
    R toRecord(EnvelopeSchemas schemas) {
        if (!rowsChanged) {
            return record.value() == envelope ? record : withValue(envelope.schema(), envelope);
        }
        Schema envelopeSchema = schemas.forRows(envelope.schema(), rowSchema);
        return withValue(envelopeSchema, Envelope.withRows(envelope, envelopeSchema, shape.before, shape.after,
                before, after));
    }

    private R withValue(Schema valueSchema, Struct value) {
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                valueSchema, value, record.timestamp(), record.headers());
    }
}
