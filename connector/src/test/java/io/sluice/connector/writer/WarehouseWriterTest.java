package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Given merged changes, when the writer flushes them, then the warehouse holds exactly the last state
 * of every key — through the small-flush path (multi-row statements) and the large one (COPY into a
 * staging table on PostgreSQL, LOAD DATA into one on MariaDB), in every warehouse dialect.
 */
class WarehouseWriterTest {

    private static final Schema ROW = SchemaBuilder.struct().name("src.public.things.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("label", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .optional()
            .build();

    @ParameterizedTest(name = "{0}, {1} rows")
    @CsvSource({"postgres, 10", "postgres, 2000", "duckdb, 10", "duckdb, 2000", "mariadb, 10", "mariadb, 3000"})
    void theWarehouseHoldsTheLastStateOfEveryKey(String kind, int rows) throws Exception {
        Envelopes things = new Envelopes("src", "public", "things", ROW);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = warehouse.writer();
            List<SourceRecord> first = new ArrayList<>();
            for (long id = 1; id <= rows; id++) {
                first.add(things.read(row(things, id, "v1 " + id)));
            }
            write(writer, first);

            List<SourceRecord> second = new ArrayList<>();
            for (long id = 1; id <= rows; id++) {
                if (id % 3 == 0) {
                    second.add(things.delete(row(things, id, "v1 " + id)));
                } else if (id % 3 == 1) {
                    second.add(things.update(row(things, id, "v1 " + id), row(things, id, "tab\there\nnew \\ line ✓ 🚀")));
                }
            }
            second.add(things.insert(row(things, rows + 1L, null)));
            write(writer, second);

            List<List<Object>> stored = warehouse.query("SELECT id, label, amount, flag FROM things ORDER BY id");
            long expectedRows = rows - rows / 3 + 1;
            assertThat(stored).hasSize((int) expectedRows);
            assertThat(stored.get(0)).containsExactly(1L, "tab\there\nnew \\ line ✓ 🚀", new BigDecimal("1.01"), true);
            assertThat(stored.get(1).get(1)).isEqualTo("v1 2");
            assertThat(stored).noneMatch(row -> ((Long) row.get(0)) % 3 == 0 && (Long) row.get(0) <= rows);
            assertThat(stored.get(stored.size() - 1)).containsExactly(rows + 1L, null, new BigDecimal("1.01"), true);
        }
    }

    private static Struct row(Envelopes envelopes, long id, String label) {
        return envelopes.row(id, label, new BigDecimal("1.01"), true, new byte[] {0, (byte) 0xff, '\t', '\\'});
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
