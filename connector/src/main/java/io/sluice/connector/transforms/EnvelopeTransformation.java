package io.sluice.connector.transforms;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
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

    /** Table versions a transform keeps rebuilt envelope schemas for; Debezium reuses one Schema per version. */
    static final int SCHEMA_CACHE_SIZE = 256;

    private final Cache<Schema, Schema> envelopeSchemas = new SynchronizedCache<>(new LRUCache<>(SCHEMA_CACHE_SIZE));
    // The caches' last hits, checked first by identity: Debezium reuses one schema per table version, so
    // nearly every record hits them, and a hit costs neither a lock nor a hash of the schema.
    private volatile Schema lastChangeSchema;
    private volatile Rebuilt lastRebuilt;

    /** An input envelope schema and the envelope schema of the rows this transform made of its rows. */
    private record Rebuilt(Schema input, Schema rowSchema, Schema output) {
    }
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
        if (envelope.schema() != lastChangeSchema) {
            if (!Envelope.isChange(envelope)) {
                return record;
            }
            lastChangeSchema = envelope.schema();
        }
        return tables.includes(envelope) ? applyToChange(record, envelope) : record;
    }

    /** Governs one row change of a selected table; returns the record, a new one, or null to drop it. */
    protected abstract R applyToChange(R record, Struct envelope);

    /** A tombstone carries no row; by default it passes unchanged. */
    protected R applyToTombstone(R record) {
        return record;
    }

    /** Whether the {@code tables} setting selects a tombstone, which names its table only by its topic. */
    protected final boolean selectsTombstone(R record) {
        return tables.includesTopic(record.topic());
    }

    /** The record with its envelope's row images replaced by {@code before} and {@code after} of {@code rowSchema}. */
    protected final R withRows(R record, Struct envelope, Schema rowSchema, Struct before, Struct after) {
        Schema envelopeSchema = envelopeSchemaFor(envelope.schema(), rowSchema);
        Struct rebuilt = Envelope.withRows(envelope, envelopeSchema, before, after);
        return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                envelopeSchema, rebuilt, record.timestamp());
    }

    /**
     * A transform's row schema is a function of the input row schema, so the input envelope schema
     * alone determines the output envelope schema.
     */
    private Schema envelopeSchemaFor(Schema envelopeSchema, Schema rowSchema) {
        Rebuilt last = lastRebuilt;
        if (last != null && last.input() == envelopeSchema && last.rowSchema() == rowSchema) {
            return last.output();
        }
        if (envelopeSchema.field(Envelope.AFTER).schema() == rowSchema) {
            return envelopeSchema;
        }
        Schema rebuilt = envelopeSchemas.get(envelopeSchema);
        if (rebuilt == null) {
            rebuilt = Envelope.withRowSchema(envelopeSchema, rowSchema);
            envelopeSchemas.put(envelopeSchema, rebuilt);
        }
        lastRebuilt = new Rebuilt(envelopeSchema, rowSchema, rebuilt);
        return rebuilt;
    }

    @Override
    public void close() {
    }
}
