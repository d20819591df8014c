package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a flush in which the warehouse refuses some values, a record that cannot be read, and a record
 * a governance rule rejected, when it is written, then the good rows commit and every bad record lands
 * in the quarantine table with its reason and original payload — in the same transaction.
 */
class QuarantineTest {

    private static final Schema ROW = SchemaBuilder.struct().name("src.public.prices.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("price", Decimal.builder(2).parameter("connect.decimal.precision", "4").optional().build())
            .optional()
            .build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void badRecordsAreQuarantinedAndTheRestCommits(String kind) throws Exception {
        Envelopes prices = new Envelopes("src", "public", "prices", ROW);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = new WarehouseWriter(warehouse.dataSource, warehouse.dialect,
                    TableNaming.keepSourceNames(), new QuarantineTable(warehouse.dialect, null, "test/src"));
            ChangeEventReader reader = new ChangeEventReader();
            ReductionBuffer buffer = new ReductionBuffer(10_000, 1 << 24);
            for (long id = 1; id <= 300; id++) {
                // numeric(4,2) holds at most 99.99: ids 7 and 250 carry prices the warehouse refuses.
                BigDecimal price = id == 7 || id == 250 ? new BigDecimal("12345.67") : new BigDecimal("1.25");
                reader.read(prices.insert(prices.row(id, price)), buffer);
            }
            SourceRecord rejected = prices.insert(prices.row(301L, new BigDecimal("2.00")));
            rejected.headers().addString(ChangeEventReader.QUARANTINE_RULE_HEADER, "price_range");
            rejected.headers().addString(ChangeEventReader.QUARANTINE_REASON_HEADER, "price 2.00 below minimum 5");
            reader.read(rejected, buffer);
            Envelopes logs = new Envelopes("src", "public", "logs", SchemaBuilder.struct().name("src.public.logs.Value")
                    .field("line", Schema.STRING_SCHEMA).optional().build());
            SourceRecord withKey = logs.insert(logs.row("a table without a primary key"));
            SourceRecord keyless = new SourceRecord(withKey.sourcePartition(), withKey.sourceOffset(), withKey.topic(),
                    null, null, null, withKey.valueSchema(), withKey.value());
            reader.read(keyless, buffer);

            FlushResult result = writer.write(buffer.drain(), TransactionParticipant.NONE);

            assertThat(result.upserted()).isEqualTo(298);
            assertThat(result.quarantined()).isEqualTo(4);
            assertThat(result.tables()).containsEntry("src:public.prices", new FlushResult.TableCounts(298, 0, 3))
                    .containsEntry("src:public.logs", new FlushResult.TableCounts(0, 0, 1));
            assertThat(warehouse.query("SELECT count(*) FROM prices").get(0).get(0)).isEqualTo(298L);
            List<List<Object>> quarantined = warehouse.query("SELECT rule, source_table, record_key, reason, payload, origin "
                    + "FROM _sluice_quarantine ORDER BY record_key, rule");
            assertThat(quarantined).hasSize(4);
            assertThat(quarantined).extracting(row -> row.get(0))
                    .containsExactlyInAnyOrder("warehouse", "warehouse", "price_range", "decode");
            assertThat(quarantined).filteredOn(row -> "warehouse".equals(row.get(0)))
                    .extracting(row -> row.get(2)).containsExactlyInAnyOrder("{\"id\":7}", "{\"id\":250}");
            assertThat(quarantined).filteredOn(row -> "decode".equals(row.get(0))).singleElement()
                    .satisfies(row -> assertThat(row.get(1)).isEqualTo("src:public.logs"));
            assertThat(quarantined).filteredOn(row -> "warehouse".equals(row.get(0))).allSatisfy(row -> {
                assertThat((String) row.get(3)).startsWith("the warehouse refused the change:");
                assertThat((String) row.get(4)).contains("\"price\":12345.67").contains("\"op\":\"c\"");
                assertThat(row.get(1)).isEqualTo("src:public.prices");
                assertThat(row.get(5)).isEqualTo("test/src");
            });
            assertThat(quarantined).filteredOn(row -> "price_range".equals(row.get(0)))
                    .singleElement().satisfies(row -> assertThat(row.get(3)).isEqualTo("price 2.00 below minimum 5"));
            assertThat(quarantined).filteredOn(row -> "decode".equals(row.get(0)))
                    .singleElement().satisfies(row -> assertThat((String) row.get(3)).contains("has no primary key"));
        }
    }
}
