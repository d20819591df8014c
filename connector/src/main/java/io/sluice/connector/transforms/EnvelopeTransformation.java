package io.sluice.connector.transforms;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The one place where a governance transform meets a Debezium envelope. It lets tombstones and
 * records that are not row changes pass, applies the {@code tables} setting every transform shares,
 * and rebuilds an envelope with new row images, so that a transform acts on {@code before} and
 * {@code after} alike: a delete must not leak what an update masked.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public abstract class EnvelopeTransformation<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String TABLES_CONFIG = "tables";
    private static final String TABLES_DOC = "Regular expressions, comma-separated, each matched against the whole"
            + " of <code>schema.table</code> from the change's source block (the PostgreSQL schema, or the"
            + " MySQL/MariaDB database, then the table). Changes of other tables pass unchanged. Empty: every table.";

    /** Table versions a transform keeps plans and rebuilt schemas for; Debezium reuses one Schema per version. */
    static final int SCHEMA_CACHE_SIZE = EnvelopeSchemas.CACHE_SIZE;

    private final EnvelopeSchemas envelopeSchemas = new EnvelopeSchemas();
    // The last change's shape, checked first by identity of its schema: Debezium reuses one schema per
    // table version, so nearly every record skips working out its shape.
    private volatile RowChange.Shape lastShape;
    private TableSelector tables = TableSelector.ALL;

    /** A ConfigDef holding the settings every transform shares; each transform adds its own. */
    protected static ConfigDef envelopeConfigDef() {
        return new ConfigDef().define(TABLES_CONFIG, ConfigDef.Type.LIST, List.of(), RegexList.VALIDATOR,
                ConfigDef.Importance.MEDIUM, TABLES_DOC);
    }

    @Override
    public final void configure(Map<String, ?> settings) {
        AbstractConfig config = new AbstractConfig(config(), settings, false);
        tables = TableSelector.of(TABLES_CONFIG, config.getList(TABLES_CONFIG));
        configure(config);
    }

    /** Turns this transform's own settings, already parsed and validated by its ConfigDef, into typed fields. */
    protected abstract void configure(AbstractConfig config);

    @Override
    public final R apply(R record) {
        Object value = record.value();
        if (value == null) {
            return applyToTombstone(record);
        }
        if (!(value instanceof Struct envelope)) {
            return record;
        }
        RowChange.Shape shape = RowChange.Shape.of(envelope, lastShape);
        if (shape == null) {
            return record;
        }
        if (shape != lastShape) {
            // Written only when it changes: a volatile store per record, from every thread that governs,
            // would bounce the field's cache line between the cores.
            lastShape = shape;
        }
        if (!tables.includes(envelope)) {
            return record;
        }
        RowChange<R> change = RowChange.of(record, envelope, shape);
        return applyToChange(change) ? change.toRecord(envelopeSchemas) : null;
    }

    /** Whether the {@code tables} setting selects the change. */
    final boolean selects(RowChange<R> change) {
        return tables.includes(change.envelope());
    }

    /**
     * Governs one row change of a selected table, in place: its rows through {@link RowChange#setRows},
     * its key or headers through {@link RowChange#setRecord}. Returns false to drop the change.
     */
    protected abstract boolean applyToChange(RowChange<R> change);

    /** A tombstone carries no row; by default it passes unchanged. */
    protected R applyToTombstone(R record) {
        return record;
    }

    /** Whether the {@code tables} setting selects a tombstone, which names its table only by its topic. */
    protected final boolean selectsTombstone(R record) {
        return tables.includesTopic(record.topic());
    }

    @Override
    public void close() {
    }
}
