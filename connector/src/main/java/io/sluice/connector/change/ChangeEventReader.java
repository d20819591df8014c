package io.sluice.connector.change;

import io.sluice.connector.type.RowSchema;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;

/**
 * Reads Debezium change-event envelopes ({@code before}, {@code after}, {@code op}, {@code source}) into
 * {@link ChangeEvent}s. Tombstones and non-row events (heartbeats, schema changes) yield nothing. A
 * record that cannot be read (no primary key, a value that does not convert) or that a governance rule
 * marked with the {@link #QUARANTINE_RULE_HEADER} header is handed over for quarantine instead.
 *
 * <p>Not thread-safe: one reader per thread that feeds a buffer.
 */
public final class ChangeEventReader {

    /** Bound on cached table versions; Debezium reuses one Schema object per table version. */
    private static final int MAX_CACHED_SCHEMAS = 4096;

    /** Header a governance rule sets on a record it rejects: the rule's name. */
    public static final String QUARANTINE_RULE_HEADER = "sluice.quarantine.rule";
    /** Header with the rule's reason. */
    public static final String QUARANTINE_REASON_HEADER = "sluice.quarantine.reason";

    private final Map<Schema, RowSchema> rowSchemas = new IdentityHashMap<>();

    private final EnvelopeFields fields = new EnvelopeFields();
    private TableId lastTable;

    /** Reads one record; an update that changes the primary key yields a delete and an upsert. */
    public void read(ConnectRecord<?> record, ChangeSink sink) {
        Struct envelope = fields.withOp(record);
        if (envelope == null) {
            return; // tombstone, heartbeat or a message that is not a row change
        }
        TableId table = null;
        try {
            table = tableOf(fields.source(envelope), record);
            Header rule = record.headers().isEmpty() ? null : record.headers().lastWithName(QUARANTINE_RULE_HEADER);
            if (rule != null) {
                Header reason = record.headers().lastWithName(QUARANTINE_REASON_HEADER);
                sink.quarantine(Quarantined.of(record, table.toString(), String.valueOf(rule.value()),
                        reason == null ? "rejected by governance rule" : String.valueOf(reason.value())));
                return;
            }
            readChange(fields.op(envelope), table, record, envelope, sink::change);
        } catch (RuntimeException e) {
            // A poison record must not stop the line: it is kept, with the reason, in the quarantine table.
            sink.quarantine(Quarantined.of(record, table == null ? null : table.toString(), "decode",
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void readChange(String op, TableId table, ConnectRecord<?> record, Struct envelope,
                            Consumer<ChangeEvent> out) {
        if (op == null) {
            throw new DataException("a record of " + table + " has no operation");
        }
        switch (op) {
            case "c", "r" -> upsert(table, record, envelope, op.equals("c"), out);
            case "u" -> update(table, record, envelope, out);
            case "d" -> delete(table, record, envelope, out);
            case "t" -> out.accept(new ChangeEvent(table, Operation.TRUNCATE, null, null, null, false, 64, record));
            case "m" -> {
                // A logical decoding message carries no row.
            }
            default -> throw new DataException("unknown Debezium operation '" + op + "' in a record of " + table);
        }
    }

    private void upsert(TableId table, ConnectRecord<?> record, Struct envelope, boolean created,
                        Consumer<ChangeEvent> out) {
        RowSchema schema = rowSchemaOf(table, record);
        Object[] row = schema.convert(fields.after(envelope));
        out.accept(new ChangeEvent(table, Operation.UPSERT, schema, schema.keyOf(row), row, created, true, sizeOf(row),
                record));
    }

    private void update(TableId table, ConnectRecord<?> record, Struct envelope, Consumer<ChangeEvent> out) {
        RowSchema schema = rowSchemaOf(table, record);
        Object[] row = schema.convert(fields.after(envelope));
        RowKey key = schema.keyOf(row);
        Struct before = fields.before(envelope);
        if (before != null) {
            RowKey oldKey = schema.keyOf(schema.convert(before));
            if (!oldKey.equals(key)) {
                out.accept(new ChangeEvent(table, Operation.DELETE, schema, oldKey, null, false, 64, record));
            }
        }
        out.accept(new ChangeEvent(table, Operation.UPSERT, schema, key, row, false, sizeOf(row), record));
    }

    private void delete(TableId table, ConnectRecord<?> record, Struct envelope, Consumer<ChangeEvent> out) {
        RowSchema schema = rowSchemaOf(table, record);
        RowKey key = record.key() instanceof Struct keyStruct
                ? schema.keyOf(keyStruct)
                : schema.keyOf(schema.convert(fields.before(envelope)));
        out.accept(new ChangeEvent(table, Operation.DELETE, schema, key, null, false, 64, record));
    }

    private RowSchema rowSchemaOf(TableId table, ConnectRecord<?> record) {
        Schema rowSchema = fields.rowSchema();
        if (rowSchema == null) {
            throw new DataException("a record of " + table + " has no 'after' field: not a Debezium change event");
        }
        RowSchema cached = rowSchemas.get(rowSchema);
        if (cached != null) {
            return cached;
        }
        if (!(record.keySchema() != null && record.keySchema().type() == Schema.Type.STRUCT)) {
            throw new DataException("table " + table + " has no primary key: Sluice needs one to keep the warehouse"
                    + " row for row in step (add a primary key, or set REPLICA IDENTITY and a key in the source)");
        }
        List<String> keyColumns = new ArrayList<>();
        for (Field field : record.keySchema().fields()) {
            keyColumns.add(field.name());
        }
        if (rowSchemas.size() >= MAX_CACHED_SCHEMAS) {
            rowSchemas.clear();
        }
        RowSchema built = canonical(RowSchema.of(rowSchema, keyColumns));
        rowSchemas.put(rowSchema, built);
        return built;
    }

    /**
     * The row schema already held that equals {@code built}, or {@code built}. Equal Connect schemas can come
     * as several objects (governance rules running on several threads may each build a table's output
     * schema); one RowSchema object for them lets the buffer compare schemas by identity, not field by
     * field for every record.
     */
    private RowSchema canonical(RowSchema built) {
        for (RowSchema held : rowSchemas.values()) {
            if (held.equals(built)) {
                return held;
            }
        }
        return built;
    }

    private TableId tableOf(Struct source, ConnectRecord<?> record) {
        if (source == null) {
            throw new DataException("record on topic " + record.topic() + " has no 'source' block: not a Debezium change event");
        }
        String name = fields.name(source);
        // PostgreSQL names a schema; MySQL/MariaDB name a database.
        String schema = fields.schema(source);
        if (schema == null) {
            schema = fields.database(source);
        }
        String tableName = fields.table(source);
        TableId last = lastTable;
        if (last != null && java.util.Objects.equals(last.source(), name) && java.util.Objects.equals(last.schema(), schema)
                && java.util.Objects.equals(last.table(), tableName)) {
            return last; // the same table as the record before: most are
        }
        TableId table = new TableId(name, schema, tableName);
        lastTable = table;
        return table;
    }

    /** A rough size in bytes, only to bound a flush's memory; it need not be exact. */
    static int sizeOf(Object[] row) {
        int size = 16 + 8 * row.length;
        for (Object value : row) {
            if (value instanceof String text) {
                size += 40 + 2 * text.length();
            } else if (value instanceof byte[] bytes) {
                size += 16 + bytes.length;
            } else if (value != null) {
                size += 24;
            }
        }
        return size;
    }
}
