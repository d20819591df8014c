package io.sluice.connector.transforms;

import java.util.List;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Transforms applied in order, as Kafka Connect applies a connector's {@code transforms=} — with the same
 * result, cheaper: a run of Sluice's governance transforms passes one {@link RowChange} along and builds
 * the change's envelope (a new struct and a new record) once at the end of the run instead of once per
 * transform. Other transforms get and give whole records, as in Connect.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class TransformChain<R extends ConnectRecord<R>> {

    private final List<Transformation<R>> transforms;
    /** Per transform, the envelope schemas of runs that end there. */
    private final EnvelopeSchemas[] schemas;
    /** The last row change's shape, checked first by identity of its schema. */
    private volatile RowChange.Shape lastShape;

    public TransformChain(List<Transformation<R>> transforms) {
        this.transforms = List.copyOf(transforms);
        this.schemas = new EnvelopeSchemas[this.transforms.size()];
        for (int i = 0; i < schemas.length; i++) {
            schemas[i] = new EnvelopeSchemas();
        }
    }

    /** A transform of the chain failed on a record. */
    public static final class StepFailedException extends RuntimeException {

        private final int step;

        StepFailedException(int step, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.step = step;
        }

        /** The index of the transform that failed. */
        public int step() {
            return step;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /**
     * The record after every transform; null when one dropped it.
     *
     * @throws StepFailedException naming the transform that threw, with what it threw as the cause
     */
    @SuppressWarnings("unchecked")
    public R apply(R record) {
        R current = record;
        RowChange<R> change = null;
        for (int i = 0; i < transforms.size(); i++) {
            Transformation<R> transform = transforms.get(i);
            try {
                if (transform instanceof EnvelopeTransformation<?> governance) {
                    EnvelopeTransformation<R> step = (EnvelopeTransformation<R>) governance;
                    if (change == null) {
                        change = changeOf(current);
                    }
                    if (change == null) {
                        current = step.apply(current); // not a row change: tombstones and the like
                    } else if (step.selects(change) && !step.applyToChange(change)) {
                        return null;
                    }
                } else {
                    if (change != null) {
                        current = change.toRecord(schemas[i - 1]);
                        change = null;
                    }
                    current = transform.apply(current);
                }
            } catch (RuntimeException e) {
                throw new StepFailedException(i, e);
            }
            if (current == null) {
                return null;
            }
        }
        return change == null ? current : change.toRecord(schemas[schemas.length - 1]);
    }

    private RowChange<R> changeOf(R record) {
        if (!(record.value() instanceof Struct envelope)) {
            return null;
        }
        RowChange.Shape shape = RowChange.Shape.of(envelope, lastShape);
        if (shape == null) {
            return null;
        }
        if (shape != lastShape) {
            // Written only when it changes: a volatile store per record, from every thread that governs,
            // would bounce the field's cache line between the cores.
            lastShape = shape;
        }
        return RowChange.of(record, envelope, shape);
    }

    public void close() {
        transforms.forEach(Transformation::close);
    }
}
