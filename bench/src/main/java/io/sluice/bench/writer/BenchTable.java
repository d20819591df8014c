package io.sluice.bench.writer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The benchmark's table, {@code public.customers}: a bigint key and nine columns of the types most tables
 * have, and its change events exactly as Debezium's PostgreSQL connector shapes them — key struct,
 * envelope with {@code before}/{@code after}/{@code source}/{@code op}/{@code ts_ms}, logical types
 * named as {@code io.debezium.time.*} and Connect's {@code Decimal}. Like a source table with the
 * default REPLICA IDENTITY: updates carry no {@code before}, deletes carry only the key in it.
 *
 * <p>A row's values follow from its id and row seed alone, so any run can rebuild any row.
 */
final class BenchTable {

    static final String SERVER = "bench";
    static final String SCHEMA = "public";
    /**
     * Not "events" or "accounts": Debezium's sink looks tables up by name in every MariaDB schema and
     * would take information_schema.EVENTS or performance_schema.accounts for its own.
     */
    static final String TABLE = "customers";
    static final String TOPIC = SERVER + "." + SCHEMA + "." + TABLE;

    /** Column names in table order; {@code id} is the primary key. */
    static final List<String> COLUMNS = List.of(
            "id", "name", "code", "quantity", "counter", "price", "ratio", "active", "updated_at", "birth_date");

    /** How each column's values compare across databases, in {@link #COLUMNS} order. */
    enum Kind { INT64, TEXT, INT32, DECIMAL, FLOAT64, BOOLEAN, TIMESTAMP, DATE }

    static final List<Kind> KINDS = List.of(Kind.INT64, Kind.TEXT, Kind.TEXT, Kind.INT32, Kind.INT64, Kind.DECIMAL,
            Kind.FLOAT64, Kind.BOOLEAN, Kind.TIMESTAMP, Kind.DATE);

    static final Schema ROW = SchemaBuilder.struct().name(TOPIC + ".Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)                        // text
            .field("code", Schema.OPTIONAL_STRING_SCHEMA)                        // varchar(16)
            .field("quantity", Schema.OPTIONAL_INT32_SCHEMA)                     // integer
            .field("counter", Schema.OPTIONAL_INT64_SCHEMA)                      // bigint
            .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)                      // double precision
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA)                     // boolean
            .field("updated_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).optional().build())
            .field("birth_date", SchemaBuilder.int32().name("io.debezium.time.Date").version(1).optional().build())
            .optional()
            .build();

    static final Schema KEY = SchemaBuilder.struct().name(TOPIC + ".Key")
            .field("id", Schema.INT64_SCHEMA)
            .build();

    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("name", Schema.STRING_SCHEMA)
            .field("schema", Schema.STRING_SCHEMA)
            .field("table", Schema.STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    static final Schema ENVELOPE = SchemaBuilder.struct().name(TOPIC + ".Envelope").version(2)
            .field("before", ROW)
            .field("after", ROW)
            .field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    /** Source commit time of the first change, 2025-01-01T00:00:00Z; each later change 1 ms after. */
    private static final long FIRST_COMMIT_MS = 1_735_689_600_000L;
    private static final long FIRST_LSN = 0x1_6B37_4D48L;

    private static final String[] FIRST_NAMES = {"Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis",
        "Renée", "Łukasz", "Zoë", "José", "Ingrid", "Søren", "Aoife", "Chidi", "Mei", "Dmitri", "Fatima"};
    private static final String[] LAST_NAMES = {"Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov",
        "Ritchie", "O'Connor", "Żółć", "Müller", "García", "Nørgaard", "山田", "Nguyễn", "Okafor", "Ivanov", "Smith"};
    /** Rare values that break naive encoders: separators, escapes and quotes must survive as they are. */
    private static final String[] ODD_NAMES = {"tab\there", "back\\slash", "line\nbreak", "\"quoted\"", "semi;colon",
        "emoji 🚀 name", "trailing space ", "\\N", "NULL"};

    private static final long MIN_TIMESTAMP_MICROS = 1_577_836_800_000_000L; // 2020-01-01
    private static final long TIMESTAMP_RANGE_MICROS = 6L * 365 * 86_400_000_000L;
    private static final int MIN_BIRTH_DAY = (int) LocalDate.of(1950, 1, 1).toEpochDay();
    private static final int BIRTH_DAY_RANGE = 60 * 365;

    private BenchTable() {
    }

    /**
     * The row's values as Java objects in {@link #COLUMNS} order: Long, String, String, Integer, Long,
     * BigDecimal, Double, Boolean, LocalDateTime, LocalDate; some columns are sometimes null.
     */
    static Object[] values(long id, long rowSeed) {
        SplittableRandom random = new SplittableRandom(rowSeed);
        Object[] row = new Object[COLUMNS.size()];
        row[0] = id;
        row[1] = random.nextInt(100) < 5 ? null : name(random);
        row[2] = random.nextInt(100) < 2 ? null : "SKU-" + (100_000 + random.nextInt(900_000));
        row[3] = random.nextInt(100) < 5 ? null : random.nextInt(10_000);
        row[4] = random.nextLong(1L << 40);
        row[5] = random.nextInt(100) < 5 ? null
                : BigDecimal.valueOf(random.nextLong(-1_000_000_000L, 10_000_000_000L), 2);
        row[6] = random.nextInt(100) < 5 ? null : random.nextDouble() * 1000 - 500;
        row[7] = random.nextInt(100) < 2 ? null : random.nextBoolean();
        row[8] = random.nextInt(100) < 3 ? null : timestampOf(MIN_TIMESTAMP_MICROS + random.nextLong(TIMESTAMP_RANGE_MICROS));
        row[9] = random.nextInt(100) < 10 ? null : LocalDate.ofEpochDay(MIN_BIRTH_DAY + random.nextInt(BIRTH_DAY_RANGE));
        return row;
    }

    private static String name(SplittableRandom random) {
        if (random.nextInt(1000) == 0) {
            return ODD_NAMES[random.nextInt(ODD_NAMES.length)];
        }
        String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " " + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        return random.nextInt(4) == 0 ? name + " (customer since " + (1990 + random.nextInt(35)) + ")" : name;
    }

    private static LocalDateTime timestampOf(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
    }

    /** The change as the PostgreSQL connector would send it, at position {@code offset} of its topic. */
    static SinkRecord record(ChangeStream.Change change, long offset) {
        long commitMs = FIRST_COMMIT_MS + offset;
        Struct source = new Struct(SOURCE)
                .put("name", SERVER).put("schema", SCHEMA).put("table", TABLE)
                .put("lsn", FIRST_LSN + 64 * offset).put("ts_ms", commitMs);
        Struct envelope = new Struct(ENVELOPE).put("source", source).put("ts_ms", commitMs + 3);
        switch (change.op()) {
            case INSERT -> envelope.put("op", "c").put("after", row(values(change.id(), change.rowSeed())));
            case UPDATE -> envelope.put("op", "u").put("after", row(values(change.id(), change.rowSeed())));
            case DELETE -> envelope.put("op", "d").put("before", new Struct(ROW).put("id", change.id()));
        }
        Struct key = new Struct(KEY).put("id", change.id());
        return new SinkRecord(TOPIC, 0, KEY, key, ENVELOPE, envelope, offset, commitMs, TimestampType.CREATE_TIME);
    }

    /** Java values to the Connect row, encoded as the connector does (epoch micros, epoch days). */
    private static Struct row(Object[] values) {
        Struct row = new Struct(ROW);
        for (int i = 0; i < 8; i++) {
            row.put(COLUMNS.get(i), values[i]);
        }
        if (values[8] instanceof LocalDateTime timestamp) {
            row.put("updated_at", timestamp.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + timestamp.getNano() / 1000);
        }
        if (values[9] instanceof LocalDate date) {
            row.put("birth_date", (int) date.toEpochDay());
        }
        return row;
    }
}
