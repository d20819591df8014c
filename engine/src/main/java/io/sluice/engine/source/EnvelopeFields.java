package io.sluice.engine.source;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads a Debezium change envelope's {@code op} and its {@code source} block by {@link Field}, the fields
 * looked up once per schema instead of by name for every record (a name lookup hashes the name and
 * validates the value: in a snapshot profile these lookups were a tenth of the reader threads' CPU). The
 * records of a table share their schemas, so the cache nearly always hits. Not thread-safe: one per
 * {@link ChangeBatchHandler}, used under its lock.
 */
final class EnvelopeFields {

    private Schema envelopeSchema;
    private Field op;
    private Field source;

    private Schema sourceSchema;
    private Field schema;
    private Field db;
    private Field table;
    private Field snapshot;
    private Field timestamp;

    /** The record's envelope, or null when its value is not a change envelope (op and source). */
    Struct envelope(SourceRecord record) {
        if (!(record.value() instanceof Struct envelope)) {
            return null;
        }
        if (envelope.schema() != envelopeSchema) {
            envelopeSchema = envelope.schema();
            op = envelopeSchema.field("op");
            source = envelopeSchema.field("source");
        }
        return op != null && source != null ? envelope : null;
    }

    /** The envelope's operation (c, u, d, r, t); null when absent. */
    String op(Struct envelope) {
        return (String) envelope.get(op);
    }

    /** The envelope's source block; null when absent. */
    Struct source(Struct envelope) {
        Struct block = (Struct) envelope.get(source);
        if (block != null && block.schema() != sourceSchema) {
            sourceSchema = block.schema();
            schema = sourceSchema.field("schema");
            db = sourceSchema.field("db");
            table = sourceSchema.field("table");
            snapshot = sourceSchema.field("snapshot");
            timestamp = sourceSchema.field("ts_ms");
        }
        return block;
    }

    /** The block's schema (PostgreSQL) or null. */
    String schema(Struct block) {
        return schema == null ? null : (String) block.get(schema);
    }

    /** The block's database (MySQL/MariaDB name their tables' database here) or null. */
    String database(Struct block) {
        return db == null ? null : (String) block.get(db);
    }

    String table(Struct block) {
        return table == null ? null : (String) block.get(table);
    }

    /** Debezium's snapshot marker as text ("true", "last", "first", …), or null outside a snapshot. */
    String snapshotMarker(Struct block) {
        Object marker = snapshot == null ? null : block.get(snapshot);
        return marker == null ? null : marker.toString();
    }

    /** The source's commit time in epoch milliseconds; -1 when absent. */
    long timestamp(Struct block) {
        Object millis = timestamp == null ? null : block.get(timestamp);
        return millis instanceof Long value ? value : -1;
    }
}
