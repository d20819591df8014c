package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given table and column names made to break SQL built by pasting — quotes, backticks, semicolons,
 * comment markers, spaces, reserved words, mixed case and Unicode — when rows are upserted, updated and
 * deleted, then they replicate correctly and nothing else happens (no injected statement runs).
 */
class HostileIdentifiersTest {

    private static final String TABLE = "Robert'); DROP TABLE students;-- \"x\" `y`";
    private static final Schema ROW = SchemaBuilder.struct().name("hostile")
            .field("select", Schema.INT32_SCHEMA)
            .field("Mixed Case \"col\"", Schema.OPTIONAL_STRING_SCHEMA)
            .field("semi;colon`tick", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ünïcødé 列 🚀", Schema.OPTIONAL_STRING_SCHEMA)
            .field("order", Schema.OPTIONAL_STRING_SCHEMA)
            .optional().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb"})
    void hostileNamesReplicateAndInjectNothing(String kind) throws Exception {
        Envelopes hostile = new Envelopes("src", "public", TABLE, ROW);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = warehouse.writer();
            ChangeEventReader reader = new ChangeEventReader();
            ReductionBuffer buffer = new ReductionBuffer(1000, 1 << 24);
            for (int id = 1; id <= 300; id++) {
                reader.read(hostile.insert(hostile.row(id, "'; DROP TABLE x; --", "a", "b", "c")), buffer);
            }
            writer.write(buffer.drain(), TransactionParticipant.NONE);
            for (int id = 1; id <= 300; id += 2) {
                reader.read(hostile.delete(hostile.row(id, null, null, null, null)), buffer);
            }
            reader.read(hostile.update(hostile.row(2, null, null, null, null), hostile.row(2, "v2", "a2", "b2", "c2")), buffer);
            writer.write(buffer.drain(), TransactionParticipant.NONE);

            String table = warehouse.dialect.quote(TABLE);
            String column = warehouse.dialect.quote("Mixed Case \"col\"");
            assertThat(warehouse.query("SELECT count(*) FROM " + table).get(0).get(0)).isEqualTo(150L);
            assertThat(warehouse.query("SELECT " + column + ", " + warehouse.dialect.quote("ünïcødé 列 🚀") + " FROM "
                    + table + " WHERE " + warehouse.dialect.quote("select") + " = 2")).containsExactly(List.of("v2", "b2"));
            assertThat(warehouse.query("SELECT " + column + " FROM " + table + " WHERE " + warehouse.dialect.quote("select")
                    + " = 4")).containsExactly(List.of("'; DROP TABLE x; --"));
            try (var connection = warehouse.dataSource.getConnection()) {
                assertThat(warehouse.dialect.existingColumns(connection, new TableName(null, TABLE))).containsExactly(
                        "select", "Mixed Case \"col\"", "semi;colon`tick", "ünïcødé 列 🚀", "order");
            }
        }
    }
}
