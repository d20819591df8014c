package io.sluice.connector.change;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads a Debezium change envelope ({@code op}, {@code before}, {@code after}, {@code source}) and its source
 * block by {@link Field}, the fields looked up once per schema object instead of by name for every record (a
 * name lookup hashes the name and checks the value's type: in profiles these lookups were a tenth of the
 * snapshot readers' CPU and a fifth of the change reader's). Debezium, and the governance transforms, reuse
 * one schema object per table version, so the fields nearly always stand. Not thread-safe: one per reading
 * thread ({@link ChangeEventReader}, the engine's batch handler under its lock).
 */
public final class EnvelopeFields {

    private Schema envelopeSchema;
    private Field op;
    private Field before;
    private Field after;
    private Field source;

    private Schema sourceSchema;
    private Field name;
    private Field schema;
    private Field db;
    private Field table;
    private Field snapshot;
    private Field timestamp;

    /** The record's envelope, or null when its value is not a change envelope (op and source). */
    public Struct envelope(ConnectRecord<?> record) {
        Struct envelope = withOp(record);
        return envelope != null && source != null ? envelope : null;
    }

    /** The record's value when it is a struct with an {@code op} field, or null (a tombstone, a heartbeat). */
    public Struct withOp(ConnectRecord<?> record) {
        if (!(record.value() instanceof Struct envelope)) {
            return null;
        }
        if (envelope.schema() != envelopeSchema) {
            envelopeSchema = envelope.schema();
            op = envelopeSchema.field("op");
            before = envelopeSchema.field("before");
            after = envelopeSchema.field("after");
            source = envelopeSchema.field("source");
        }
        return op != null ? envelope : null;
    }

    /** The envelope's operation (c, u, d, r, t); null when absent. */
    public String op(Struct envelope) {
        return (String) envelope.get(op);
    }

    /** The row before the change; null when absent. */
    public Struct before(Struct envelope) {
        return before == null ? null : (Struct) envelope.get(before);
    }

    /** The row after the change; null when absent. */
    public Struct after(Struct envelope) {
        return after == null ? null : (Struct) envelope.get(after);
    }

    /** The {@code after} field's schema, the row schema; null when the envelope has no such field. */
    public Schema rowSchema() {
        return after == null ? null : after.schema();
    }

    /** The envelope's source block; null when absent. */
    public Struct source(Struct envelope) {
        Struct block = source == null ? null : (Struct) envelope.get(source);
        if (block != null && block.schema() != sourceSchema) {
            sourceSchema = block.schema();
            name = sourceSchema.field("name");
            schema = sourceSchema.field("schema");
            db = sourceSchema.field("db");
            table = sourceSchema.field("table");
            snapshot = sourceSchema.field("snapshot");
            timestamp = sourceSchema.field("ts_ms");
        }
        return block;
    }

    /** The source's logical name (Debezium's {@code topic.prefix}) or null. */
    public String name(Struct block) {
        return name == null ? null : (String) block.get(name);
    }

    /** The block's schema (PostgreSQL) or null. */
    public String schema(Struct block) {
        return schema == null ? null : (String) block.get(schema);
    }

    /** The block's database (MySQL/MariaDB name their tables' database here) or null. */
    public String database(Struct block) {
        return db == null ? null : (String) block.get(db);
    }

    public String table(Struct block) {
        return table == null ? null : (String) block.get(table);
    }

    /** Debezium's snapshot marker as text ("true", "last", "first", …), or null outside a snapshot. */
    public String snapshotMarker(Struct block) {
        Object marker = snapshot == null ? null : block.get(snapshot);
        return marker == null ? null : marker.toString();
    }

    /** The source's commit time in epoch milliseconds; -1 when absent. */
    public long timestamp(Struct block) {
        Object millis = timestamp == null ? null : block.get(timestamp);
        return millis instanceof Long value ? value : -1;
    }
}
