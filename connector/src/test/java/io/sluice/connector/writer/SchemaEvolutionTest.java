package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a warehouse table made from one version of a source table, when a later version adds a column
 * and widens numeric columns, then under {@code evolve} the table follows (old rows keep their values,
 * the dropped column stays) and under {@code strict} it does not change and the rows go to quarantine.
 */
class SchemaEvolutionTest {

    private static final Schema V1 = SchemaBuilder.struct().name("src.public.metrics.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("hits", Schema.OPTIONAL_INT16_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "6").optional().build())
            .field("legacy", Schema.OPTIONAL_STRING_SCHEMA)
            .optional().build();

    /** hits smallint -> bigint, ratio real -> double, amount numeric(6,2) -> numeric(12,3), legacy dropped, note added. */
    private static final Schema V2 = SchemaBuilder.struct().name("src.public.metrics.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("hits", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("amount", Decimal.builder(3).parameter("connect.decimal.precision", "12").optional().build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .optional().build();

    private static void write(WarehouseWriter writer, SourceRecord... records) throws Exception {
        ChangeEventReader reader = new ChangeEventReader();
        ReductionBuffer buffer = new ReductionBuffer(1000, 1 << 24);
        for (SourceRecord record : records) {
            reader.read(record, buffer);
        }
        writer.write(buffer.drain(), TransactionParticipant.NONE);
    }

    private static WarehouseWriter writer(TestWarehouse warehouse, WriterOptions.SchemaEvolution evolution) {
        return new WarehouseWriter(warehouse.dataSource, warehouse.dialect, TableNaming.keepSourceNames(),
                new QuarantineTable(warehouse.dialect, null, "test"), new WriterOptions(DeleteMode.HARD, evolution));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void evolveAddsColumnsAndWidensNumbers(String kind) throws Exception {
        Envelopes v1 = new Envelopes("src", "public", "metrics", V1);
        Envelopes v2 = new Envelopes("src", "public", "metrics", V2);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = writer(warehouse, WriterOptions.SchemaEvolution.EVOLVE);
            write(writer, v1.read(v1.row(1, (short) 7, 0.5f, new BigDecimal("1234.56"), "old")));

            write(writer, v2.insert(v2.row(2, 9_000_000_000L, 1e300, new BigDecimal("123456789.123"), "new")));

            assertThat(warehouse.query("SELECT id, hits, amount, legacy, note FROM metrics ORDER BY id")).containsExactly(
                    Arrays.asList(1, 7L, new BigDecimal("1234.560"), "old", null),
                    Arrays.asList(2, 9_000_000_000L, new BigDecimal("123456789.123"), null, "new"));
            assertThat(warehouse.query("SELECT ratio FROM metrics WHERE id = 2").get(0).get(0)).isEqualTo(1e300);
            assertThat(warehouse.query("SELECT count(*) FROM _sluice_quarantine").get(0).get(0)).isEqualTo(0L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void strictLeavesTheTableAloneAndQuarantinesTheRows(String kind) throws Exception {
        Envelopes v1 = new Envelopes("src", "public", "metrics", V1);
        Envelopes v2 = new Envelopes("src", "public", "metrics", V2);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = writer(warehouse, WriterOptions.SchemaEvolution.STRICT);
            write(writer, v1.read(v1.row(1, (short) 7, 0.5f, new BigDecimal("1234.56"), "old")));

            write(writer, v2.insert(v2.row(2, 9L, 1.0, new BigDecimal("1.5"), "new")));

            assertThat(warehouse.query("SELECT id FROM metrics")).containsExactly(List.of(1));
            List<List<Object>> quarantined = warehouse.query("SELECT rule, reason FROM _sluice_quarantine");
            assertThat(quarantined).hasSize(1);
            assertThat((String) quarantined.get(0).get(1)).contains("schema-changes: strict")
                    .contains("widened from INT16 to INT64");
        }
    }
}
