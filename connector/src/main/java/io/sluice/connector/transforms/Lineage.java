package io.sluice.connector.transforms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Adds lineage columns to both row images of a change: where the row came from and when, so the
 * warehouse can answer "which source, which change, how late". The {@code columns} setting lists which
 * ones, each {@code kind} or {@code kind:name} (default name {@code __kind}):
 * <ul>
 *   <li>{@code source}: the Debezium source name ({@code source.name}); {@code database}: {@code source.db};
 *       {@code schema}: the PostgreSQL schema ({@code source.schema}, null for MySQL/MariaDB);
 *       {@code table}: {@code source.table}; {@code op}: Debezium's operation, {@code c r u d};</li>
 *   <li>{@code source_ts}: when the source committed the change ({@code source.ts_ms}), a Connect Timestamp;</li>
 *   <li>{@code position}: where in the source's log the change is: for PostgreSQL the LSN as PostgreSQL
 *       prints it ({@code 16/B374D848}); for MySQL/MariaDB {@code binlog-file:position}, followed by
 *       {@code " gtid=<gtid>"} when the change has a GTID;</li>
 *   <li>{@code loaded_at}: when this transform saw the change, a Connect Timestamp; the same for both
 *       images.</li>
 * </ul>
 * Every lineage column is optional. A row that already has a column of one of these names is a
 * configuration error raised on the first change of its table.
 *
 * @param <R> the record type, as in every Connect transformation
 */
public final class Lineage<R extends ConnectRecord<R>> extends RowTransformation<R> {

    public static final String OVERVIEW_DOC = "Add lineage columns to the before and after row images of Debezium"
            + " change events: source, database, schema, table, op, source commit time, log position, load time.";

    public static final String COLUMNS_CONFIG = "columns";

    /** The lineage a column can hold. */
    public enum Kind {
        SOURCE, DATABASE, SCHEMA, TABLE, OP, SOURCE_TS, POSITION, LOADED_AT;

        String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        String defaultName() {
            return "__" + keyword();
        }

        Schema schema() {
            return this == SOURCE_TS || this == LOADED_AT ? OPTIONAL_TIMESTAMP : Schema.OPTIONAL_STRING_SCHEMA;
        }
    }

    private static final Schema OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();

    private static final String ALL_KINDS = Stream.of(Kind.values()).map(Kind::keyword).collect(Collectors.joining(","));

    public static final ConfigDef CONFIG_DEF = envelopeConfigDef()
            .define(COLUMNS_CONFIG, ConfigDef.Type.LIST, ALL_KINDS,
                    ConfigDef.LambdaValidator.with((name, value) -> columnsOf(name, value), () -> ALL_KINDS),
                    ConfigDef.Importance.MEDIUM, "The lineage columns to add, comma-separated, each kind or kind:name:"
                            + " source, database, schema, table, op, source_ts, position, loaded_at. The default name of"
                            + " a kind is __kind, e.g. __source_ts.");

    private record LineageColumn(Kind kind, String name) {
    }

    private final Clock clock;
    private List<LineageColumn> columns;

    public Lineage() {
        this(Clock.systemUTC());
    }

    Lineage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected void configure(AbstractConfig config) {
        columns = columnsOf(COLUMNS_CONFIG, config.getList(COLUMNS_CONFIG));
    }

    private static List<LineageColumn> columnsOf(String setting, Object value) {
        List<LineageColumn> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Object entry : (List<?>) value) {
            String[] parts = entry.toString().split(":", 2);
            Kind kind = kindOf(setting, parts[0].trim());
            String name = parts.length == 2 ? parts[1].trim() : kind.defaultName();
            if (name.isEmpty() || !names.add(name)) {
                throw new ConfigException(setting, value, name.isEmpty() ? "'" + entry + "' names no column"
                        : "two lineage columns named '" + name + "'");
            }
            columns.add(new LineageColumn(kind, name));
        }
        if (columns.isEmpty()) {
            throw new ConfigException(setting, value, "name at least one lineage column: " + ALL_KINDS);
        }
        return List.copyOf(columns);
    }

    private static Kind kindOf(String setting, String keyword) {
        for (Kind kind : Kind.values()) {
            if (kind.keyword().equals(keyword)) {
                return kind;
            }
        }
        throw new ConfigException(setting, keyword, "not a lineage column; expected one of " + ALL_KINDS
                + ", optionally followed by :name");
    }

    @Override
    protected RowPlan plan(Schema rowSchema, Struct envelope) {
        SchemaBuilder builder = rowSchemaLike(rowSchema);
        for (Field field : rowSchema.fields()) {
            builder.field(field.name(), field.schema());
        }
        for (LineageColumn column : columns) {
            if (rowSchema.field(column.name) != null) {
                throw new ConfigException(COLUMNS_CONFIG, column.name, "Lineage cannot add column '" + column.name
                        + "' to " + Envelope.tableName(envelope) + ": the table has one; name the lineage column"
                        + " differently, e.g. " + column.kind.keyword() + ":_lineage_" + column.kind.keyword());
            }
            builder.field(column.name, column.kind.schema());
        }
        return new LineagePlan(rowSchema, builder.build());
    }

    /**
     * The fields of a source block, looked up once per source schema object (a connector reuses one): a
     * record then costs no lookup by name. Null where this connector's source block has no such field.
     * Immutable, unlike the change reader's {@code EnvelopeFields} (one per thread): a transform is shared.
     */
    private record SourceFields(Schema schema, Field name, Field db, Field schemaName, Field table, Field tsMs,
                                Field lsn, Field file, Field pos, Field gtid) {
        static SourceFields of(Schema schema) {
            return new SourceFields(schema, schema.field("name"), schema.field("db"), schema.field("schema"),
                    schema.field("table"), schema.field("ts_ms"), schema.field("lsn"), schema.field("file"),
                    schema.field("pos"), schema.field("gtid"));
        }
    }

    /** A PostgreSQL LSN and its text: many changes in a row share one (all of a snapshot, a transaction's). */
    private record LsnText(long lsn, String text) {
    }

    // Immutable records behind volatile fields: transforms are shared by threads.
    private volatile SourceFields lastSourceFields;
    private volatile LsnText lastLsn;

    /** The lineage values of a change, in {@code columns} order: worked out once for both images. */
    @Override
    protected Object[] changeValues(Struct envelope) {
        Struct source = envelope.getStruct(Envelope.SOURCE);
        SourceFields fields = lastSourceFields;
        if (fields == null || fields.schema() != source.schema()) {
            fields = SourceFields.of(source.schema());
            lastSourceFields = fields;
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (columns.get(i).kind) {
                case SOURCE -> get(source, fields.name());
                case DATABASE -> get(source, fields.db());
                case SCHEMA -> get(source, fields.schemaName());
                case TABLE -> get(source, fields.table());
                case OP -> envelope.getString(Envelope.OP);
                case SOURCE_TS -> get(source, fields.tsMs()) instanceof Number millis ? new java.util.Date(millis.longValue()) : null;
                case POSITION -> position(source, fields);
                case LOADED_AT -> new java.util.Date(clock.millis());
            };
        }
        return values;
    }

    private static Object get(Struct source, Field field) {
        return field == null ? null : source.get(field);
    }

    private String position(Struct source, SourceFields fields) {
        if (get(source, fields.lsn()) instanceof Number lsn) {
            long value = lsn.longValue();
            LsnText last = lastLsn;
            if (last != null && last.lsn() == value) {
                return last.text();
            }
            String text = lsnText(value);
            lastLsn = new LsnText(value, text);
            return text;
        }
        return binlogPosition(get(source, fields.file()), get(source, fields.pos()), get(source, fields.gtid()));
    }

    /** A field of the source block, or null when this connector's source block has no such field. */
    private static Object sourceValue(Struct source, String field) {
        return source.schema().field(field) == null ? null : source.get(field);
    }

    static String positionOf(Struct source) {
        if (sourceValue(source, "lsn") instanceof Number lsn) {
            return lsnText(lsn.longValue());
        }
        return binlogPosition(sourceValue(source, "file"), sourceValue(source, "pos"), sourceValue(source, "gtid"));
    }

    /** An LSN as PostgreSQL prints it, e.g. {@code 16/B374D848}. */
    private static String lsnText(long value) {
        StringBuilder text = new StringBuilder(17);
        appendUpperHex(text, value >>> 32);
        text.append('/');
        appendUpperHex(text, value & 0xFFFF_FFFFL);
        return text.toString();
    }

    /** {@code file:pos}, and the GTID when there is one. */
    private static String binlogPosition(Object file, Object pos, Object gtid) {
        if (file == null || file.toString().isEmpty()) {
            return gtid == null ? null : "gtid=" + gtid;
        }
        String position = file + ":" + pos;
        return gtid == null ? position : position + " gtid=" + gtid;
    }

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    /** Hexadecimal in upper case without leading zeros, as PostgreSQL prints each half of an LSN (per row: no toUpperCase copy). */
    private static void appendUpperHex(StringBuilder text, long value) {
        for (int shift = Math.max(0, (63 - Long.numberOfLeadingZeros(value)) / 4 * 4); shift >= 0; shift -= 4) {
            text.append(HEX_DIGITS[(int) (value >>> shift) & 0xF]);
        }
    }

    /** The row's columns, then the lineage columns, whose values {@link #changeValues} worked out. */
    private static final class LineagePlan extends CopyingPlan {

        private final int rowColumns;

        LineagePlan(Schema rowSchema, Schema withLineage) {
            super(rowSchema, withLineage, lineageColumns(rowSchema, withLineage));
            this.rowColumns = rowSchema.fields().size();
        }

        /** The row's columns are copied; the lineage columns after them are worked out. */
        private static boolean[] lineageColumns(Schema rowSchema, Schema withLineage) {
            boolean[] changes = new boolean[withLineage.fields().size()];
            java.util.Arrays.fill(changes, rowSchema.fields().size(), changes.length, true);
            return changes;
        }

        @Override
        protected Object value(int column, Object input, Struct row, Object[] change) {
            return column < rowColumns ? input : change[column - rowColumns];
        }
    }
}
