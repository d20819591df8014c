package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * Given changes with every column kind at its extremes, when the writer flushes them into PostgreSQL
 * through each of its paths — bound multi-row statements (small flushes), binary COPY into the staging
 * table then one upsert (updates), binary COPY straight into the table (inserts and snapshot reads), text
 * COPY (a table with a column binary COPY does not cover) and deletes by an array of keys or through the
 * staging table (composite keys) — then the warehouse holds the very same values whichever path wrote them.
 * The bound statements are the reference: the same rows written by them and by COPY must print the same.
 */
class PostgresWarehouseTest {

    /** Rows enough to take the COPY paths (PostgresDialect's threshold is 256). */
    private static final int LARGE = 300;

    private static final Schema NUMERIC = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
            .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).optional().build();

    private static final Schema ROW = SchemaBuilder.struct().name("src.public.kinds.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("i8", Schema.OPTIONAL_INT8_SCHEMA)
            .field("i16", Schema.OPTIONAL_INT16_SCHEMA)
            .field("i32", Schema.OPTIONAL_INT32_SCHEMA)
            .field("i64", Schema.OPTIONAL_INT64_SCHEMA)
            .field("f32", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("dec", Decimal.builder(10).parameter("connect.decimal.precision", "38").optional().build())
            .field("num", NUMERIC)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("txt", Schema.OPTIONAL_STRING_SCHEMA)
            .field("bin", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("day", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("tod", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("ts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("tstz", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("doc", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("uid", SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build())
            .optional()
            .build();

    /** The same columns and an interval, which binary COPY leaves to the text format. */
    private static final Schema WITH_INTERVAL = withInterval();

    private static final String TEXT = "Zoë 李 🚀 'single' \"double\" `back` \\ tab\t nl\n cr\r ctrl-z\u001a {a,b} end";
    private static final BigDecimal DEC_MAX = new BigDecimal("9999999999999999999999999999.9999999999");
    private static final BigDecimal HUGE = new BigDecimal("-" + "9".repeat(100) + "." + "0".repeat(49) + "1");
    private static final BigDecimal[] NUMBERS = {
        new BigDecimal("0.00012"), new BigDecimal("12345678.9"), new BigDecimal("0.00000"), new BigDecimal("1E+30"),
        new BigDecimal("-1.5000"), new BigDecimal("10000"), new BigDecimal("0.0001"), new BigDecimal("-99990000.00009999"),
    };

    /** The extreme rows, ids 1 to {@link #extremes}'s size; rows after them are ordinary. */
    @Test
    void everyKindPrintsTheSameWhicheverPathWroteIt() throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            Envelopes bound = new Envelopes("src", "public", "bound", ROW);
            Envelopes direct = new Envelopes("src", "public", "direct", ROW);
            Envelopes staged = new Envelopes("src", "public", "staged", ROW);
            List<Struct> extremes = extremes(bound);
            write(writer, reads(bound, extremes.size(), (envelopes, id) -> extremes.get(id - 1)));
            write(writer, reads(direct, LARGE, (envelopes, id) -> rowOf(envelopes, extremes, id)));
            // Updates of rows the warehouse does not have yet: the staging table and one upsert.
            List<SourceRecord> updates = new ArrayList<>();
            for (int id = 1; id <= LARGE; id++) {
                Struct row = rowOf(staged, extremes, id);
                updates.add(staged.update(row, row));
            }
            write(writer, updates);

            List<List<Object>> reference = printed(warehouse, "bound", extremes.size());
            assertThat(reference).hasSize(extremes.size());
            assertThat(printed(warehouse, "direct", extremes.size())).isEqualTo(reference);
            assertThat(printed(warehouse, "staged", extremes.size())).isEqualTo(reference);
            assertThat(warehouse.query("SELECT count(*) FROM direct UNION ALL SELECT count(*) FROM staged"))
                    .containsExactly(List.of((long) LARGE), List.of((long) LARGE));
            // And the reference holds what was sent, not just something both paths agree on.
            assertThat(warehouse.query("SELECT i64, f32::text, f64::text, dec::text, num::text, txt, encode(bin, 'hex'), day::text,"
                    + " tod::text, ts::text, (tstz AT TIME ZONE 'UTC')::text, doc->'u'->>0, uid::text FROM staged WHERE id = 1"))
                    .containsExactly(List.of(Long.MAX_VALUE, "3.4028235e+38", "1.7976931348623157e+308", DEC_MAX.toPlainString(),
                            HUGE.toPlainString(), TEXT, "00ff09005c", "9999-12-31", "23:59:59.999999",
                            "9999-12-31 23:59:59.999999", "2024-06-30 21:59:59.999999", "ü 🚀",
                            "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(warehouse.query("SELECT f32::text, f64::text, day::text FROM direct WHERE id = 3"))
                    .containsExactly(List.of("NaN", "-Infinity", "0101-03-01 BC"));
            assertThat(warehouse.query("SELECT num::text FROM direct WHERE id BETWEEN 5 AND 12 ORDER BY id").stream()
                    .map(row -> row.get(0)).toList()).containsExactly("0.00012", "12345678.9", "0.00000",
                    "1000000000000000000000000000000", "-1.5000", "10000", "0.0001", "-99990000.00009999");
        }
    }

    @Test
    void aTableWithAnIntervalIsCopiedAsText() throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            Envelopes bound = new Envelopes("src", "public", "bound", WITH_INTERVAL);
            Envelopes direct = new Envelopes("src", "public", "direct", WITH_INTERVAL);
            Envelopes staged = new Envelopes("src", "public", "staged", WITH_INTERVAL);
            List<Struct> extremes = extremes(bound).stream().map(row -> withSpan(row, "P-1Y-2M-3DT-0.000001S")).toList();
            BiFunction<Envelopes, Integer, Struct> rows = (envelopes, id) -> id <= extremes.size()
                    ? withSpan(rowOf(envelopes, extremes, id), "P-1Y-2M-3DT-0.000001S")
                    : withSpan(ordinary(envelopes, id), "P178000000Y11M30DT23H59M59.999999S");
            write(writer, reads(bound, extremes.size(), (envelopes, id) -> extremes.get(id - 1)));
            write(writer, reads(direct, LARGE, rows));
            List<SourceRecord> updates = new ArrayList<>();
            for (int id = 1; id <= LARGE; id++) {
                Struct row = rows.apply(staged, id);
                updates.add(staged.update(row, row));
            }
            write(writer, updates);

            List<List<Object>> reference = printed(warehouse, "bound", extremes.size());
            assertThat(printed(warehouse, "direct", extremes.size())).isEqualTo(reference);
            assertThat(printed(warehouse, "staged", extremes.size())).isEqualTo(reference);
            assertThat(warehouse.query("SELECT span::text FROM bound WHERE id = 1 UNION ALL SELECT span::text FROM staged"
                    + " WHERE id = " + LARGE)).containsExactly(List.of("-1 years -2 mons -3 days -00:00:00.000001"),
                    List.of("178000000 years 11 mons 30 days 23:59:59.999999"));
        }
    }

    /** Keys as text made to break an array literal: quotes, commas, braces, backslashes, NULL, empty. */
    @Test
    void deletesByAnArrayOfKeysMatchExactlyTheseKeys() throws Exception {
        Schema row = SchemaBuilder.struct().name("src.public.named.Value")
                .field("code", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Envelopes named = new Envelopes("src", "public", "named", row);
        List<String> awkward = List.of("NULL", "null", "", " ", "{}", "{a,b}", "a,b", "\"q\"", "back\\slash", "'",
                "tab\there", "ü 🚀", "k1 ");
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            List<String> keys = new ArrayList<>(awkward);
            for (int i = 0; i < LARGE; i++) {
                keys.add("k" + i);
            }
            List<SourceRecord> inserts = new ArrayList<>();
            for (String key : keys) {
                inserts.add(named.insert(named.row(key, "n")));
            }
            write(writer, inserts);

            // Every awkward key and every even k: a large delete, then a small one.
            List<SourceRecord> deletes = new ArrayList<>();
            for (String key : keys) {
                if (awkward.contains(key) || (key.startsWith("k") && !key.endsWith(" ") && Integer.parseInt(key.substring(1)) % 2 == 0)) {
                    deletes.add(named.delete(named.row(key, "n")));
                }
            }
            write(writer, deletes);
            write(writer, List.of(named.delete(named.row("k1", "n")), named.delete(named.row("missing", "n"))));

            List<Object> left = warehouse.query("SELECT code FROM named ORDER BY code").stream().map(r -> r.get(0)).toList();
            List<String> expected = new ArrayList<>();
            for (int i = 3; i < LARGE; i += 2) {
                expected.add("k" + i);
            }
            assertThat(left).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void deletesByACompositeKeyGoThroughTheStagingTable() throws Exception {
        Schema row = SchemaBuilder.struct().name("src.public.lines.Value")
                .field("order_id", Schema.INT64_SCHEMA).field("line", Schema.INT32_SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Schema key = SchemaBuilder.struct().name("src.public.lines.Key")
                .field("order_id", Schema.INT64_SCHEMA).field("line", Schema.INT32_SCHEMA).build();
        Envelopes lines = new Envelopes("src", "public", "lines", row);
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            List<SourceRecord> inserts = new ArrayList<>();
            List<SourceRecord> deletes = new ArrayList<>();
            for (long order = 1; order <= LARGE; order++) {
                for (int line = 1; line <= 2; line++) {
                    Struct values = lines.row(order, line, "n");
                    inserts.add(withKey(lines.insert(values), key, values));
                    if (line == 2) {
                        deletes.add(withKey(lines.delete(values), key, values));
                    }
                }
            }
            write(writer, inserts);
            write(writer, deletes);

            assertThat(warehouse.query("SELECT count(*), count(*) FILTER (WHERE line = 1) FROM lines"))
                    .containsExactly(List.of((long) LARGE, (long) LARGE));
        }
    }

    /**
     * Inserts go straight into the table under a savepoint; when a key is there already (the source's
     * changes delivered again after a crash), the savepoint is rolled back and the same rows are upserted.
     */
    @Test
    void insertsGoStraightIntoTheTableAndAKeyAlreadyThereFallsBackToTheUpsert() throws Exception {
        Envelopes things = things("label", Schema.OPTIONAL_STRING_SCHEMA);
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            List<SourceRecord> first = new ArrayList<>();
            for (long id = 1; id <= LARGE; id++) {
                first.add(things.insert(things.row(id, "first " + id)));
            }
            write(writer, first);
            // Straight in: no staging table was needed.
            assertThat(stagingTables(warehouse)).isZero();

            // Ids 201 to 500: 201 to 300 are there already, with other values, as after a redelivery.
            List<SourceRecord> second = new ArrayList<>();
            for (long id = 201; id <= 500; id++) {
                second.add(things.insert(things.row(id, "second " + id)));
            }
            second.add(things.delete(things.row(1L, null)));
            second.add(things.update(things.row(2L, null), things.row(2L, "updated")));
            write(writer, second);
            assertThat(stagingTables(warehouse)).isPositive();

            assertThat(warehouse.query("SELECT count(*), count(*) FILTER (WHERE label LIKE 'second %'),"
                    + " min(id), max(id) FROM things")).containsExactly(List.of(499L, 300L, 2L, 500L));
            assertThat(warehouse.query("SELECT label FROM things WHERE id IN (2, 200, 201, 300, 301) ORDER BY id"))
                    .containsExactly(List.of("updated"), List.of("first 200"), List.of("second 201"),
                            List.of("second 300"), List.of("second 301"));
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_quarantine").get(0).get(0)).isEqualTo(0L);
        }
    }

    /** A COPY goes to the server in chunks: values larger than a chunk and than the encoder's buffer arrive whole. */
    @Test
    void rowsAcrossManyCopyChunksAndValuesLargerThanAChunkArriveExactly() throws Exception {
        Envelopes things = things("label", Schema.OPTIONAL_STRING_SCHEMA);
        java.util.function.LongFunction<String> label = id -> id % 97 == 0 ? "é" + "x".repeat(150_000 + (int) id) + "表"
                : "label " + id + " ünïcödé";
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            List<SourceRecord> inserts = new ArrayList<>();
            for (long id = 1; id <= 3_000; id++) {
                inserts.add(things.insert(things.row(id, label.apply(id))));
            }
            write(writer, inserts); // straight into the table
            List<SourceRecord> updates = new ArrayList<>();
            for (long id = 1; id <= 3_000; id += 2) {
                updates.add(things.update(things.row(id, null), things.row(id, label.apply(id) + " again")));
            }
            write(writer, updates); // through the staging table

            List<List<Object>> expected = new ArrayList<>();
            for (long id = 1; id <= 3_000; id++) {
                String value = label.apply(id) + (id % 2 == 1 ? " again" : "");
                expected.add(List.of(id, (long) value.length(), value.substring(value.length() - 8)));
            }
            assertThat(warehouse.query("SELECT id, length(label)::bigint, right(label, 8) FROM things ORDER BY id"))
                    .containsExactlyElementsOf(expected);
        }
    }

    /** Straight COPY only where the table refuses a second row with the key: never silent duplicates. */
    @Test
    void aTableThatDoesNotEnforceTheKeyGetsNoDirectCopy() throws Exception {
        Envelopes things = things("label", Schema.OPTIONAL_STRING_SCHEMA);
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            warehouse.execute("CREATE TABLE things (id bigint NOT NULL, label text)");
            WarehouseWriter writer = warehouse.writer();
            for (int round = 0; round < 2; round++) {
                List<SourceRecord> inserts = new ArrayList<>();
                for (long id = 1; id <= LARGE; id++) {
                    inserts.add(things.insert(things.row(id, "round " + round)));
                }
                write(writer, inserts);
            }
            assertThat(warehouse.query("SELECT count(*) - count(DISTINCT id) FROM things").get(0).get(0)).isEqualTo(0L);
        }
    }

    /**
     * The writer keeps what it read of a table's column types between flushes: when someone else changes a
     * type under it, the COPY that no longer fits fails, the types are read again, and every row commits,
     * none quarantined.
     */
    @Test
    void aColumnRetypedByAnotherHandBetweenFlushesIsReadAgainAndNothingIsQuarantined() throws Exception {
        Envelopes things = things("qty", Schema.OPTIONAL_INT32_SCHEMA);
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            for (int round = 0; round < 2; round++) {
                if (round == 1) {
                    warehouse.execute("ALTER TABLE things ALTER COLUMN qty TYPE bigint");
                }
                List<SourceRecord> inserts = new ArrayList<>();
                for (long id = 1; id <= LARGE; id++) {
                    long key = round * 1_000L + id;
                    inserts.add(things.insert(things.row(key, (int) key)));
                }
                write(writer, inserts);
            }
            assertThat(warehouse.query("SELECT count(*), sum(qty - id) FROM things")).containsExactly(List.of(2L * LARGE, BigDecimal.ZERO));
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_quarantine").get(0).get(0)).isEqualTo(0L);
        }
    }

    /** A value the server refuses in binary COPY is quarantined with its reason, and the rest commits. */
    @Test
    void aDateBeyondPostgresIsQuarantinedAndTheRestCommits() throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            Envelopes kinds = new Envelopes("src", "public", "kinds", ROW);
            List<Struct> extremes = extremes(kinds);
            List<SourceRecord> records = reads(kinds, LARGE, (envelopes, id) -> rowOf(envelopes, extremes, id));
            Struct tooLate = ordinary(kinds, 7).put("day", (int) LocalDate.of(5_874_898, 1, 1).toEpochDay());
            records.set(6, kinds.read(tooLate));

            write(warehouse.writer(), records);
            assertThat(warehouse.query("SELECT count(*), count(*) FILTER (WHERE id = 7) FROM kinds"))
                    .containsExactly(List.of((long) LARGE - 1, 0L));
            assertThat(warehouse.query("SELECT reason FROM _sluice_quarantine").get(0).get(0).toString())
                    .contains("date out of range");
        }
    }

    /** Enough rows to cross the encoder's buffer and the chunks it hands the server, against bound statements. */
    @Test
    void manyRowsArriveAsBoundStatementsWriteThem() throws Exception {
        int rows = 12_000;
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            WarehouseWriter writer = warehouse.writer();
            Envelopes bound = new Envelopes("src", "public", "bound", ROW);
            Envelopes direct = new Envelopes("src", "public", "direct", ROW);
            Envelopes staged = new Envelopes("src", "public", "staged", ROW);
            for (int first = 1; first <= rows; first += 200) {
                List<SourceRecord> chunk = new ArrayList<>();
                for (int id = first; id < first + 200; id++) {
                    chunk.add(bound.read(wide(bound, id)));
                }
                write(writer, chunk);
            }
            List<SourceRecord> reads = new ArrayList<>();
            List<SourceRecord> updates = new ArrayList<>();
            for (int id = 1; id <= rows; id++) {
                reads.add(direct.read(wide(direct, id)));
                updates.add(staged.update(wide(staged, id), wide(staged, id)));
            }
            write(writer, reads);
            write(writer, updates);

            String digest = "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY id)) FROM %s t";
            List<List<Object>> reference = warehouse.query(String.format(digest, "bound"));
            assertThat(reference.get(0).get(0)).isEqualTo((long) rows);
            assertThat(warehouse.query(String.format(digest, "direct"))).isEqualTo(reference);
            assertThat(warehouse.query(String.format(digest, "staged"))).isEqualTo(reference);
        }
    }

    /** An ordinary row with longer text and numbers. */
    private static Struct wide(Envelopes e, int id) {
        return ordinary(e, id).put("txt", "row " + id + " ü 🚀 ".repeat(id % 40))
                .put("num", numeric(new BigDecimal(BigInteger.valueOf(id).pow(1 + id % 9), id % 23).negate()));
    }

    private static long stagingTables(TestWarehouse warehouse) throws Exception {
        return (Long) warehouse.query("SELECT count(*) FROM pg_class WHERE relpersistence = 't'"
                + " AND relname LIKE 'sluice\\_stage\\_%'").get(0).get(0);
    }

    /** Row {@code id}: an extreme one while there are, then ordinary ones. */
    private static Struct rowOf(Envelopes envelopes, List<Struct> extremes, int id) {
        if (id <= extremes.size()) {
            Struct extreme = extremes.get(id - 1);
            Struct row = new Struct(envelopes.rowSchema());
            for (var field : extreme.schema().fields()) {
                row.put(field.name(), extreme.get(field));
            }
            return row;
        }
        return ordinary(envelopes, id);
    }

    private static List<Struct> extremes(Envelopes e) {
        List<Struct> rows = new ArrayList<>();
        rows.add(e.row(1L, (byte) 127, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Float.MAX_VALUE,
                Double.MAX_VALUE, DEC_MAX, numeric(HUGE), true, TEXT, new byte[] {0, (byte) 0xff, '\t', 0, '\\'},
                (int) LocalDate.of(9999, 12, 31).toEpochDay(), 86_399_999_999L,
                micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)), "2024-06-30T23:59:59.999999+02:00",
                "{\"k\": [1, 2.50, {\"z\": null}], \"u\": [\"ü 🚀\"]}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        rows.add(e.row(2L, (byte) -128, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, -1.1f, Double.MIN_VALUE,
                DEC_MAX.negate(), numeric(new BigDecimal("1E-10")), false, "", new byte[0],
                (int) LocalDate.of(1, 1, 1).toEpochDay(), 0L, micros(LocalDateTime.of(1, 1, 1, 0, 0, 0, 1_000)),
                "1970-01-01T00:00:00Z", "[]", "00000000-0000-0000-0000-000000000000"));
        rows.add(e.row(3L, (byte) 0, (short) 0, 0, 0L, Float.NaN, Double.NEGATIVE_INFINITY, BigDecimal.ZERO.setScale(10),
                numeric(BigDecimal.ZERO), null, "NUL-free \u00a0 \u2028 \uffff", null,
                (int) LocalDate.of(-100, 3, 1).toEpochDay(), 1L, micros(LocalDateTime.of(1999, 12, 31, 23, 59, 59)),
                "2000-01-01T00:00:00-14:00", "null", "ffffffff-ffff-ffff-ffff-ffffffffffff"));
        rows.add(e.row(4L, null, null, null, null, Float.NEGATIVE_INFINITY, -0.0d, new BigDecimal("-0.0000000001"),
                null, null, null, null, null, null, null, null, null, null));
        for (int i = 0; i < NUMBERS.length; i++) {
            rows.add(e.row(5L + i, null, null, null, null, (float) (i * 0.1), i * 0.1, NUMBERS[i].abs().min(DEC_MAX).setScale(10),
                    numeric(NUMBERS[i]), i % 2 == 0, "n" + i, new byte[] {(byte) i}, i, (long) i, (long) i * 1001,
                    "2025-01-0" + (i + 1) + "T12:00:00.00000" + i + "+05:30", "{\"i\": " + i + "}",
                    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1" + i));
        }
        Struct nulls = new Struct(e.rowSchema()).put("id", 5L + NUMBERS.length);
        rows.add(nulls);
        return rows;
    }

    private static Struct ordinary(Envelopes e, int id) {
        return e.row((long) id, (byte) (id % 100), (short) id, id * 7, id * 1_000_003L, id / 3f, id / 7d,
                BigDecimal.valueOf(id, 2).setScale(10), numeric(BigDecimal.valueOf(id * 31L, id % 5)), id % 2 == 0, "row " + id,
                new byte[] {(byte) id}, 19_000 + id, id * 1_000_000L, 1_700_000_000_000_000L + id,
                "2025-01-01T00:00:00Z", "{\"id\": " + id + "}", "00000000-0000-0000-0000-" + String.format("%012d", id));
    }

    private static List<SourceRecord> reads(Envelopes envelopes, int count, BiFunction<Envelopes, Integer, Struct> row) {
        List<SourceRecord> records = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            records.add(envelopes.read(row.apply(envelopes, id)));
        }
        return records;
    }

    /** Each row of the table up to {@code lastId}, every column as PostgreSQL prints it. */
    private static List<List<Object>> printed(TestWarehouse warehouse, String table, int lastId) throws Exception {
        return warehouse.query("SELECT t::text FROM " + table + " t WHERE id <= " + lastId + " ORDER BY id");
    }

    private static Schema withInterval() {
        SchemaBuilder builder = SchemaBuilder.struct().name("src.public.spans.Value");
        ROW.fields().forEach(field -> builder.field(field.name(), field.schema()));
        return builder.field("span", SchemaBuilder.string().name("io.debezium.time.Interval").optional().build())
                .optional().build();
    }

    private static Struct withSpan(Struct row, String span) {
        Struct copy = new Struct(WITH_INTERVAL);
        for (var field : row.schema().fields()) {
            copy.put(field.name(), row.get(field));
        }
        return copy.put("span", span);
    }

    private static SourceRecord withKey(SourceRecord record, Schema keySchema, Struct row) {
        Struct key = new Struct(keySchema);
        keySchema.fields().forEach(field -> key.put(field, row.get(field.name())));
        return new SourceRecord(record.sourcePartition(), record.sourceOffset(), record.topic(), null, keySchema, key,
                record.valueSchema(), record.value());
    }

    private static Struct numeric(BigDecimal value) {
        return new Struct(NUMERIC).put("scale", value.scale()).put("value", value.unscaledValue().toByteArray());
    }

    private static long micros(LocalDateTime dateTime) {
        return Math.addExact(Math.multiplyExact(dateTime.toEpochSecond(ZoneOffset.UTC), 1_000_000L), dateTime.getNano() / 1000);
    }

    private static void write(WarehouseWriter writer, List<SourceRecord> records) throws Exception {
        ChangeEventReader reader = new ChangeEventReader();
        ReductionBuffer buffer = new ReductionBuffer(100_000, 1L << 30);
        for (SourceRecord record : records) {
            reader.read(record, buffer);
        }
        writer.write(buffer.drain(), TransactionParticipant.NONE);
    }

    /** Changes of {@code src.public.things}: a bigint key {@code id} and one more column. */
    private static Envelopes things(String column, Schema type) {
        return new Envelopes("src", "public", "things", SchemaBuilder.struct().name("src.public.things.Value")
                .field("id", Schema.INT64_SCHEMA).field(column, type).optional().build());
    }
}
