package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a table that keeps history, when a row is read, updated twice in one flush, deleted in the next,
 * and another row changes, then the history table holds every version with the source commit times as
 * validity — the reduction buffer merged none of them away — while the current-state table holds the
 * last state.
 */
class HistoryTest {

    private static final Schema ROW = SchemaBuilder.struct().name("src.public.prices.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("price", Schema.OPTIONAL_INT32_SCHEMA)
            .optional().build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void everyVersionIsKeptWithItsValidity(String kind) throws Exception {
        Envelopes prices = new Envelopes("src", "public", "prices", ROW);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = new WarehouseWriter(warehouse.dataSource, warehouse.dialect,
                    TableNaming.keepSourceNames(), new QuarantineTable(warehouse.dialect, null, "test"));
            write(writer, prices.read(prices.row(1, 10)), prices.read(prices.row(2, 20)));                 // t1, t2
            write(writer, prices.update(prices.row(1, 10), prices.row(1, 11)),                             // t3
                    prices.update(prices.row(1, 11), prices.row(1, 12)));                                  // t4
            write(writer, prices.delete(prices.row(1, 12)),                                                // t5
                    prices.update(prices.row(2, 20), prices.row(2, 21)));                                  // t6

            assertThat(warehouse.query("SELECT id, price FROM prices ORDER BY id")).containsExactly(List.of(2, 21));
            List<String> history = new ArrayList<>();
            for (List<Object> row : warehouse.query("SELECT id, price, __op, __valid_from, __valid_to, __current"
                    + " FROM prices_history ORDER BY id, __valid_from")) {
                history.add(row.get(0) + " " + row.get(1) + " " + row.get(2) + " " + at(row.get(3)) + ".." + at(row.get(4))
                        + (Boolean.TRUE.equals(row.get(5)) ? " current" : ""));
            }
            assertThat(history).containsExactly(
                    "1 10 r t1..t3",
                    "1 11 u t3..t4",
                    "1 12 u t4..t5",
                    "2 20 r t2..t6",
                    "2 21 u t6.. current");
        }
    }

    /**
     * PostgreSQL's snapshot stands at an LSN where the next WAL record goes; when that record is an update
     * of a row the snapshot read, read and update carry the same LSN. Both versions must stay.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void aSnapshotReadAndTheFirstStreamedChangeAtTheSameLsnAreTwoVersions(String kind) throws Exception {
        Envelopes prices = new Envelopes("src", "public", "prices", ROW);
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = new WarehouseWriter(warehouse.dataSource, warehouse.dialect,
                    TableNaming.keepSourceNames(), new QuarantineTable(warehouse.dialect, null, "test"));
            SourceRecord read = prices.read(prices.row(1, 10));
            write(writer, read);
            write(writer, prices.nextAtSamePosition().update(prices.row(1, 10), prices.row(1, 11)));

            List<String> history = new ArrayList<>();
            for (List<Object> row : warehouse.query("SELECT price, __op, __current FROM prices_history ORDER BY __valid_from")) {
                history.add(row.get(0) + " " + row.get(1) + (Boolean.TRUE.equals(row.get(2)) ? " current" : ""));
            }
            assertThat(history).containsExactly("10 r", "11 u current");
        }
    }

    /** Commit times as the helper's sequence numbers: t1 is the first record's. */
    private static String at(Object value) {
        if (value == null) {
            return "";
        }
        Instant instant = value instanceof OffsetDateTime odt ? odt.toInstant()
                : value instanceof Timestamp ts ? ts.toInstant() : Instant.parse(value.toString());
        return "t" + (instant.toEpochMilli() - Envelopes.commitMillis(0)) / 1000;
    }

    private static void write(WarehouseWriter writer, SourceRecord... records) throws Exception {
        ChangeEventReader reader = new ChangeEventReader();
        ReductionBuffer buffer = new ReductionBuffer(1000, 1 << 24, table -> table.table().equals("prices"));
        for (SourceRecord record : records) {
            reader.read(record, buffer);
        }
        writer.write(buffer.drain(), TransactionParticipant.NONE);
    }
}
