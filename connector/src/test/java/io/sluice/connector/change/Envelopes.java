package io.sluice.connector.change;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds Debezium change-event envelopes for tests, shaped as the connectors send them: by default as
 * the PostgreSQL connector does (source block with {@code db}, {@code schema}, {@code table}, {@code lsn}),
 * or, through {@link #mysql} and {@link #mariadb}, with a binlog source block ({@code db}, {@code table},
 * {@code file}, {@code pos}, {@code gtid}).
 */
public final class Envelopes {

    /** Source {@code ts_ms} of the first change; each later change is one second later. */
    public static final long FIRST_SOURCE_MILLIS = 1_700_000_000_000L;

    /** The source commit time of the n-th record of one helper (the first is n = 1). */
    public static long commitMillis(long n) {
        return FIRST_SOURCE_MILLIS + n * 1000;
    }

    private enum Flavour { POSTGRES, MYSQL, MARIADB }

    private final Flavour flavour;
    private final String source;
    private final String schema;
    private final String table;
    private final Schema rowSchema;
    private final Schema keySchema;
    private final Schema envelopeSchema;
    private final Schema sourceSchema;
    private long sequence;
    /** The sequence number the records' source position (LSN, binlog position) comes from. */
    private long positionSequence;
    private boolean holdPosition;

    /** A PostgreSQL table. @param rowSchema the row struct; its first field is the primary key */
    public Envelopes(String source, String schema, String table, Schema rowSchema) {
        this(Flavour.POSTGRES, source, schema, table, rowSchema);
    }

    /** A MySQL table, without GTIDs. @param rowSchema the row struct; its first field is the primary key */
    public static Envelopes mysql(String source, String database, String table, Schema rowSchema) {
        return new Envelopes(Flavour.MYSQL, source, database, table, rowSchema);
    }

    /** A MariaDB table, with GTIDs. @param rowSchema the row struct; its first field is the primary key */
    public static Envelopes mariadb(String source, String database, String table, Schema rowSchema) {
        return new Envelopes(Flavour.MARIADB, source, database, table, rowSchema);
    }

    private Envelopes(Flavour flavour, String source, String schema, String table, Schema rowSchema) {
        this.flavour = flavour;
        this.source = source;
        this.schema = schema;
        this.table = table;
        this.rowSchema = rowSchema;
        this.keySchema = SchemaBuilder.struct().name(topic() + ".Key")
                .field(rowSchema.fields().get(0).name(), rowSchema.fields().get(0).schema()).build();
        this.sourceSchema = flavour == Flavour.POSTGRES ? postgresSourceSchema() : binlogSourceSchema(flavour);
        this.envelopeSchema = SchemaBuilder.struct().name(topic() + ".Envelope")
                .field("before", rowSchema)
                .field("after", rowSchema)
                .field("source", sourceSchema)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    private static Schema postgresSourceSchema() {
        return SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("db", Schema.STRING_SCHEMA)
                .field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA)
                .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    private static Schema binlogSourceSchema(Flavour flavour) {
        return SchemaBuilder.struct()
                .name(flavour == Flavour.MYSQL ? "io.debezium.connector.mysql.Source" : "io.debezium.connector.mariadb.Source")
                .field("name", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.INT64_SCHEMA)
                .field("db", Schema.STRING_SCHEMA)
                .field("table", Schema.OPTIONAL_STRING_SCHEMA)
                .field("gtid", Schema.OPTIONAL_STRING_SCHEMA)
                .field("file", Schema.STRING_SCHEMA)
                .field("pos", Schema.INT64_SCHEMA)
                .field("row", Schema.INT32_SCHEMA)
                .build();
    }

    public String topic() {
        return source + "." + schema + "." + table;
    }

    public Schema rowSchema() {
        return rowSchema;
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

    /** A PostgreSQL TRUNCATE: op {@code t}, no row images, no key. */
    public SourceRecord truncate() {
        return record("t", null, null);
    }

    /** The tombstone Debezium sends after a delete: the row's key, no value. */
    public SourceRecord tombstone(Struct row) {
        return new SourceRecord(partition(), offset(), topic(), null, keySchema, keyOf(row), null, null);
    }

    public Struct row(Object... values) {
        Struct row = new Struct(rowSchema);
        for (int i = 0; i < values.length; i++) {
            row.put(rowSchema.fields().get(i), values[i]);
        }
        return row;
    }

    /**
     * The next record keeps the source position of the last one, as the first change streamed after a
     * snapshot does: its LSN is where the snapshot stood (the slot's consistent point, or the WAL insert
     * position at the snapshot).
     */
    public Envelopes nextAtSamePosition() {
        holdPosition = true;
        return this;
    }

    private SourceRecord record(String op, Struct before, Struct after) {
        sequence++;
        positionSequence = holdPosition ? positionSequence : sequence;
        holdPosition = false;
        Struct envelope = new Struct(envelopeSchema).put("op", op).put("source", sourceBlock())
                .put("ts_ms", FIRST_SOURCE_MILLIS + sequence * 1000 + 5);
        if (before != null) {
            envelope.put("before", before);
        }
        if (after != null) {
            envelope.put("after", after);
        }
        Struct keyRow = after != null ? after : before;
        return new SourceRecord(partition(), offset(), topic(), null, keyRow == null ? null : keySchema,
                keyRow == null ? null : keyOf(keyRow), envelopeSchema, envelope);
    }

    private Struct keyOf(Struct row) {
        return new Struct(keySchema).put(keySchema.fields().get(0), row.get(rowSchema.fields().get(0)));
    }

    private Struct sourceBlock() {
        Struct block = new Struct(sourceSchema).put("name", source).put("ts_ms", FIRST_SOURCE_MILLIS + sequence * 1000)
                .put("db", flavour == Flavour.POSTGRES ? source : schema).put("table", table);
        if (flavour == Flavour.POSTGRES) {
            return block.put("schema", schema).put("lsn", lsn());
        }
        if (flavour == Flavour.MARIADB) {
            block.put("gtid", "0-1-" + sequence);
        }
        return block.put("file", "mysql-bin.000003").put("pos", binlogPosition()).put("row", 0);
    }

    /** An LSN above 2^32, so that both halves of PostgreSQL's X/X notation show. */
    private long lsn() {
        return (5L << 32) + 0x1000 * positionSequence;
    }

    private long binlogPosition() {
        return 4 + 100 * positionSequence;
    }

    private Map<String, ?> partition() {
        return Map.of("server", source);
    }

    private Map<String, ?> offset() {
        return flavour == Flavour.POSTGRES ? Map.of("lsn", lsn()) : Map.of("file", "mysql-bin.000003", "pos", binlogPosition());
    }
}
