package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.dialect.UnstorableValueException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given Debezium change events with every column kind at its extremes, when the writer flushes them
 * into MariaDB, then the warehouse holds the same values — through the small-flush path (multi-row
 * INSERT … ON DUPLICATE KEY UPDATE) and the large one (LOAD DATA into a staging table). Values MariaDB
 * cannot hold fail the flush with a message naming table and column, never stored as something else.
 */
class MariaDbWarehouseTest {

    /** Rows enough to take the LOAD DATA path (MariaDbDialect's staging threshold is below this). */
    private static final int LARGE = 3_000;

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
            .field("dec", Decimal.builder(30).parameter("connect.decimal.precision", "65").optional().build())
            .field("wide_scale", Decimal.builder(45).parameter("connect.decimal.precision", "50").optional().build())
            .field("num", NUMERIC)
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("txt", Schema.OPTIONAL_STRING_SCHEMA)
            .field("bin", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("day", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
            .field("tod", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
            .field("ts", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build())
            .field("tstz", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
            .field("doc", SchemaBuilder.string().name("io.debezium.data.Json").optional().build())
            .field("nested", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
            .field("uid", SchemaBuilder.string().name("io.debezium.data.Uuid").optional().build())
            .optional()
            .build();

    private static final String TEXT = "Zoë 李 🚀 'single' \"double\" `back` \\ tab\t nl\n cr\r ctrl-z\u001a end";
    private static final byte[] ALL_BYTES = allBytes();
    private static final BigDecimal DEC_MAX = new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999");
    private static final BigDecimal WIDE = new BigDecimal("12345.123456789012345678901234567890123456789012345");
    private static final BigDecimal HUGE = new BigDecimal("-" + "9".repeat(100) + "." + "0".repeat(49) + "1");

    /** Also on a second server version: the machine's MariaDB 10.11 service. */
    @ParameterizedTest(name = "{0}, {1} rows")
    @CsvSource({"mariadb, 3", "mariadb, " + LARGE, "mariadb-service, 3", "mariadb-service, " + LARGE})
    void everyKindKeepsItsValueAtTheExtremes(String kind, int rows) throws Exception {
        Envelopes kinds = new Envelopes("src", "public", "kinds", ROW);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            List<SourceRecord> records = new ArrayList<>();
            records.add(kinds.read(high(kinds, 1)));
            records.add(kinds.read(low(kinds, 2)));
            records.add(kinds.read(kinds.row(3L)));
            for (long id = 4; id <= rows; id++) {
                records.add(kinds.read(id % 2 == 0 ? high(kinds, id) : low(kinds, id)));
            }
            write(warehouse.writer(), records);

            assertThat(read(warehouse, 1)).containsExactly(1L, (short) 127, Short.MAX_VALUE, Integer.MAX_VALUE,
                    Long.MAX_VALUE, (double) Float.MAX_VALUE, Double.MAX_VALUE, DEC_MAX, WIDE.toPlainString(),
                    HUGE.toPlainString(), true, TEXT, hex(ALL_BYTES), LocalDate.of(9999, 12, 31),
                    LocalTime.of(23, 59, 59, 999_999_000), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                    // 2024-06-30T23:59:59.999999+02:00 is this instant in UTC
                    LocalDateTime.of(2024, 6, 30, 21, 59, 59, 999_999_000),
                    "{\"k\": [1, 2, {\"z\": null}], \"u\": \"ü 🚀\"}", "[1,2,3]", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
            assertThat(read(warehouse, 2)).containsExactly(2L, (short) -128, Short.MIN_VALUE, Integer.MIN_VALUE,
                    Long.MIN_VALUE, (double) -1.1f, Double.MIN_NORMAL, DEC_MAX.negate(), WIDE.negate().toPlainString(),
                    "0.0000000001", false, "", "", LocalDate.of(1000, 1, 1), LocalTime.of(0, 0, 0, 1_000),
                    LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000), LocalDateTime.of(1970, 1, 1, 0, 0),
                    "[]", "[]", "00000000-0000-0000-0000-000000000000");
            List<Object> nulls = new ArrayList<>(Arrays.asList(new Object[ROW.fields().size()]));
            nulls.set(0, 3L);
            assertThat(read(warehouse, 3)).containsExactlyElementsOf(nulls);
            assertThat(warehouse.query("SELECT count(*) FROM kinds").get(0).get(0)).isEqualTo((long) rows);
        }
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {3, LARGE})
    void notANumberIsQuarantinedNamingTableAndColumn(int rows) throws Exception {
        Envelopes kinds = new Envelopes("src", "public", "kinds", ROW);
        try (TestWarehouse warehouse = TestWarehouse.create("mariadb")) {
            WarehouseWriter writer = warehouse.writer();
            List<SourceRecord> records = new ArrayList<>();
            for (long id = 1; id <= rows; id++) {
                records.add(kinds.read(high(kinds, id)));
            }
            Struct nan = high(kinds, 2);
            nan.put("f64", Double.NaN);
            records.set(1, kinds.update(high(kinds, 2), nan));

            // The row is quarantined with the reason, never stored as something else; the rest commits.
            write(writer, records);
            assertThat(warehouse.query("SELECT count(*) FROM kinds").get(0).get(0)).isEqualTo((long) rows - 1);
            assertThat(warehouse.query("SELECT reason FROM _sluice_quarantine").get(0).get(0).toString())
                    .contains("mariadb cannot store NaN in column 'f64' of table 'kinds' (row key [2]):"
                            + " its FLOAT and DOUBLE types have no NaN or Infinity");

            Struct infinite = high(kinds, 3);
            infinite.put("f32", Float.NEGATIVE_INFINITY);
            write(writer, List.of(kinds.update(high(kinds, 3), infinite)));
            assertThat(warehouse.query("SELECT reason FROM _sluice_quarantine WHERE reason LIKE '%store -Infinity%'").get(0)
                    .get(0).toString()).contains("cannot store -Infinity in column 'f32' of table 'kinds' (row key [3])");
        }
    }

    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {3, LARGE})
    void aKeyTooLongForItsColumnIsQuarantinedInsteadOfBeingTruncated(int rows) throws Exception {
        Schema row = SchemaBuilder.struct().name("src.public.named.Value")
                .field("code", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Envelopes named = new Envelopes("src", "public", "named", row);
        try (TestWarehouse warehouse = TestWarehouse.create("mariadb")) {
            List<SourceRecord> records = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                records.add(named.read(named.row("k" + i, "n")));
            }
            records.set(1, named.read(named.row("x".repeat(256), "too long for VARCHAR(255)")));

            write(warehouse.writer(), records);
            assertThat(warehouse.query("SELECT count(*) FROM named").get(0).get(0)).isEqualTo((long) rows - 1);
            assertThat(warehouse.query("SELECT count(*) FROM named WHERE code LIKE 'xxx%'").get(0).get(0)).isEqualTo(0L);
            assertThat(warehouse.query("SELECT reason FROM _sluice_quarantine").get(0).get(0).toString()).contains("code");
        }
    }

    /**
     * MariaDB commits implicitly on most DDL; the staging tables are temporary, which do not, so the
     * transactions that find a refused row leave nothing behind, and a staging table a rolled-back attempt
     * left on the pooled connection is replaced.
     */
    @Test
    void aRefusedRowIsFoundAcrossStagedTablesAndTheRestCommits() throws Exception {
        Schema row = SchemaBuilder.struct().name("src.public.named.Value")
                .field("code", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Envelopes first = new Envelopes("src", "public", "first", row);
        Envelopes second = new Envelopes("src", "public", "second", row);
        try (TestWarehouse warehouse = TestWarehouse.create("mariadb")) {
            WarehouseWriter writer = warehouse.writer();
            List<SourceRecord> records = new ArrayList<>();
            for (int i = 0; i < LARGE; i++) {
                records.add(first.read(first.row("k" + i, "n")));
                records.add(second.read(second.row("k" + i, "n")));
            }
            records.set(1, second.read(second.row("x".repeat(300), "too long for VARCHAR(255)")));

            // The refused row is found by writing halves in transactions that are rolled back (staging
            // tables and all), then the rest commits with the refused row in quarantine.
            write(writer, records);
            assertThat(warehouse.query("SELECT (SELECT count(*) FROM first), (SELECT count(*) FROM second),"
                    + " (SELECT count(*) FROM _sluice_quarantine)"))
                    .containsExactly(List.of((long) LARGE, (long) LARGE - 1, 1L));
        }
    }

    @Test
    void keysDifferingOnlyInCaseOrTrailingSpacesStayDistinctRows() throws Exception {
        Schema row = SchemaBuilder.struct().name("src.public.named.Value")
                .field("code", Schema.STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Envelopes named = new Envelopes("src", "public", "named", row);
        try (TestWarehouse warehouse = TestWarehouse.create("mariadb")) {
            write(warehouse.writer(), List.of(named.read(named.row("a", "lower")), named.read(named.row("A", "upper")),
                    named.read(named.row("a ", "trailing space")), named.read(named.row("ä", "umlaut"))));

            assertThat(warehouse.query("SELECT concat('[', code, ']'), note FROM named ORDER BY note")).containsExactly(
                    List.of("[a]", "lower"), List.of("[a ]", "trailing space"), List.of("[ä]", "umlaut"),
                    List.of("[A]", "upper"));
        }
    }

    /** Names a careless writer would splice into SQL: quotes, backticks, semicolons, reserved words, Unicode. */
    @ParameterizedTest(name = "{0} rows")
    @ValueSource(ints = {3, LARGE})
    void hostileIdentifiersReplicate(int rows) throws Exception {
        Map<String, String> tables = Map.of(
                "select", "order",
                "Mixed Case; DROP TABLE x; --", "we`ird` col",
                "quo\"te's`", "Ünïcödé 列 名",
                "tab\tle", "from");
        for (Map.Entry<String, String> names : tables.entrySet()) {
            String table = names.getKey();
            String column = names.getValue();
            Schema row = SchemaBuilder.struct().name("src.public.hostile.Value")
                    .field(column, Schema.INT64_SCHEMA)
                    .field("Value", Schema.OPTIONAL_STRING_SCHEMA)
                    .field("a;b", Schema.OPTIONAL_STRING_SCHEMA)
                    .optional().build();
            Envelopes hostile = new Envelopes("src", "public", table, row);
            try (TestWarehouse warehouse = TestWarehouse.create("mariadb")) {
                WarehouseWriter writer = warehouse.writer();
                List<SourceRecord> records = new ArrayList<>();
                for (long id = 1; id <= rows; id++) {
                    records.add(hostile.read(hostile.row(id, "v" + id, "x")));
                }
                write(writer, records);
                write(writer, List.of(hostile.update(hostile.row(1L, "v1", "x"), hostile.row(1L, "changed", "y")),
                        hostile.delete(hostile.row(2L, "v2", "x"))));

                String quotedColumn = warehouse.dialect.quote(column);
                List<List<Object>> stored = warehouse.query("SELECT " + quotedColumn + ", `Value`, `a;b` FROM "
                        + warehouse.dialect.quote(table) + " ORDER BY " + quotedColumn);
                assertThat(stored).as("table %s, column %s", table, column).hasSize(rows - 1);
                assertThat(stored.get(0)).containsExactly(1L, "changed", "y");
                assertThat(stored.get(1)).containsExactly(3L, "v3", "x");
            }
        }
    }

    @Test
    void namesMariaDbCannotHoldAreRejectedWithTheReason() {
        DatabaseDialect dialect = Dialects.forJdbcUrl("jdbc:mariadb://warehouse/analytics");
        assertThat(dialect.quote("表".repeat(64))).hasSize(66);
        assertThatThrownBy(() -> dialect.quote("x".repeat(65)))
                .hasMessageContaining("longer than mariadb's limit of 64 characters");
        assertThatThrownBy(() -> dialect.quote("rocket 🚀"))
                .hasMessageContaining("outside Unicode's Basic Multilingual Plane");
        assertThatThrownBy(() -> dialect.quote("trailing "))
                .hasMessageContaining("ends with a space");
    }

    private static Struct high(Envelopes kinds, long id) {
        return kinds.row(id, (byte) 127, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Float.MAX_VALUE,
                Double.MAX_VALUE, DEC_MAX, WIDE, numeric(HUGE), true, TEXT, ALL_BYTES,
                (int) LocalDate.of(9999, 12, 31).toEpochDay(), 86_399_999_999L,
                micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
                "2024-06-30T23:59:59.999999+02:00", "{\"k\": [1, 2, {\"z\": null}], \"u\": \"ü 🚀\"}",
                List.of(1, 2, 3), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    }

    private static Struct low(Envelopes kinds, long id) {
        return kinds.row(id, (byte) -128, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, -1.1f,
                Double.MIN_NORMAL, DEC_MAX.negate(), WIDE.negate(), numeric(new BigDecimal("1E-10")), false, "",
                new byte[0], (int) LocalDate.of(1000, 1, 1).toEpochDay(), 1L,
                micros(LocalDateTime.of(1000, 1, 1, 0, 0, 0, 1_000)), "1970-01-01T00:00:00Z", "[]", List.of(),
                "00000000-0000-0000-0000-000000000000");
    }

    private static Struct numeric(BigDecimal value) {
        return new Struct(NUMERIC).put("scale", value.scale()).put("value", value.unscaledValue().toByteArray());
    }

    private static long micros(LocalDateTime dateTime) {
        return Math.addExact(Math.multiplyExact(dateTime.toEpochSecond(ZoneOffset.UTC), 1_000_000L), dateTime.getNano() / 1000);
    }

    /**
     * One row, each column read as the Java type that shows its exact stored value: FLOAT through a
     * DOUBLE cast (the text protocol prints FLOAT with 6 digits), bytes as hex.
     */
    private static List<Object> read(TestWarehouse warehouse, long id) throws Exception {
        String sql = "SELECT id, i8, i16, i32, i64, CAST(f32 AS DOUBLE), f64, `dec`, wide_scale, num, flag, txt, hex(bin),"
                + " day, tod, ts, tstz, doc, nested, uid FROM kinds WHERE id = " + id;
        try (Connection connection = warehouse.dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("row %d", id).isTrue();
            List<Object> row = new ArrayList<>();
            row.add(rs.getLong(1));
            row.add(nullable(rs, rs.getShort(2)));
            row.add(nullable(rs, rs.getShort(3)));
            row.add(nullable(rs, rs.getInt(4)));
            row.add(nullable(rs, rs.getLong(5)));
            row.add(nullable(rs, rs.getDouble(6)));
            row.add(nullable(rs, rs.getDouble(7)));
            row.add(rs.getBigDecimal(8));
            for (int i = 9; i <= 10; i++) {
                row.add(rs.getString(i));
            }
            row.add(nullable(rs, rs.getBoolean(11)));
            row.add(rs.getString(12));
            row.add(rs.getString(13));
            row.add(rs.getObject(14, LocalDate.class));
            row.add(rs.getObject(15, LocalTime.class));
            row.add(rs.getObject(16, LocalDateTime.class));
            row.add(rs.getObject(17, LocalDateTime.class));
            for (int i = 18; i <= 20; i++) {
                row.add(rs.getString(i));
            }
            return row;
        }
    }

    private static Object nullable(ResultSet rs, Object value) throws java.sql.SQLException {
        return rs.wasNull() ? null : value;
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static void write(WarehouseWriter writer, List<SourceRecord> records) throws Exception {
        ChangeEventReader reader = new ChangeEventReader();
        ReductionBuffer buffer = new ReductionBuffer(100_000, 1L << 30);
        for (SourceRecord record : records) {
            reader.read(record, buffer);
        }
        writer.write(buffer.drain(), TransactionParticipant.NONE);
    }
}
