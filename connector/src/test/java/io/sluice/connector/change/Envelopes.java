package io.sluice.connector.change;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/** Builds Debezium change-event envelopes for tests, shaped as the PostgreSQL connector sends them. */
public final class Envelopes {

    private final String source;
    private final String schema;
    private final String table;
    private final Schema rowSchema;
    private final Schema keySchema;
    private final Schema envelopeSchema;
    private final Schema sourceSchema;
    private long lsn;

    /** @param rowSchema the row struct; its first field is the primary key */
    public Envelopes(String source, String schema, String table, Schema rowSchema) {
        this.source = source;
        this.schema = schema;
        this.table = table;
        this.rowSchema = rowSchema;
        this.keySchema = SchemaBuilder.struct().name(source + "." + schema + "." + table + ".Key")
                .field(rowSchema.fields().get(0).name(), rowSchema.fields().get(0).schema()).build();
        this.sourceSchema = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("name", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
        this.envelopeSchema = SchemaBuilder.struct().name(source + "." + schema + "." + table + ".Envelope")
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", sourceSchema)
                .field("op", Schema.STRING_SCHEMA)
                .build();
    }

    public SourceRecord insert(Struct after) {
        return record("c", null, after);
    }

    public SourceRecord read(Struct after) {
        return record("r", null, after);
    }

    public SourceRecord update(Struct before, Struct after) {
        return record("u", before, after);
    }

    public SourceRecord delete(Struct before) {
        return record("d", before, null);
    }

    /** The source commit time the n-th record of this helper carries: one second after the previous one. */
    public static long commitMillis(long n) {
        return 1_700_000_000_000L + n * 1000;
    }

    public Struct row(Object... values) {
        Struct row = new Struct(rowSchema);
        for (int i = 0; i < values.length; i++) {
            row.put(rowSchema.fields().get(i), values[i]);
        }
        return row;
    }

    private SourceRecord record(String op, Struct before, Struct after) {
        Struct keyRow = after != null ? after : before;
        Struct key = new Struct(keySchema);
        key.put(keySchema.fields().get(0), keyRow.get(rowSchema.fields().get(0)));
        Struct sourceBlock = new Struct(sourceSchema)
                .put("name", source).put("schema", schema).put("table", table).put("lsn", ++lsn)
                .put("ts_ms", commitMillis(lsn));
        Struct envelope = new Struct(envelopeSchema).put("op", op).put("source", sourceBlock);
        if (before != null) {
            envelope.put("before", before);
        }
        if (after != null) {
            envelope.put("after", after);
        }
        return new SourceRecord(Map.of("server", source), Map.of("lsn", lsn),
                source + "." + schema + "." + table, null, keySchema, key, envelopeSchema, envelope);
    }
}
