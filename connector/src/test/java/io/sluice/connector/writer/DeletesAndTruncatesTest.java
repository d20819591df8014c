package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import io.sluice.connector.type.Unavailable;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hard and soft deletes, source truncates, and values PostgreSQL did not send (unchanged TOAST): given
 * such changes, the warehouse ends as the source is, and never holds Debezium's placeholder.
 */
class DeletesAndTruncatesTest {

    private static final Schema ROW = SchemaBuilder.struct().name("src.public.docs.Value")
            .field("id", Schema.INT32_SCHEMA)
            .field("title", Schema.OPTIONAL_STRING_SCHEMA)
            .field("body", Schema.OPTIONAL_STRING_SCHEMA)
            .optional().build();

    private final Envelopes docs = new Envelopes("src", "public", "docs", ROW);

    private static void write(WarehouseWriter writer, SourceRecord... records) throws Exception {
        ChangeEventReader reader = new ChangeEventReader();
        ReductionBuffer buffer = new ReductionBuffer(10_000, 1 << 24);
        for (SourceRecord record : records) {
            reader.read(record, buffer);
        }
        writer.write(buffer.drain(), TransactionParticipant.NONE);
    }

    private static WarehouseWriter writer(TestWarehouse warehouse, DeleteMode mode) {
        return new WarehouseWriter(warehouse.dataSource, warehouse.dialect, TableNaming.keepSourceNames(),
                new QuarantineTable(warehouse.dialect, null, "test"), new WriterOptions(mode, WriterOptions.SchemaEvolution.EVOLVE));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void anUnchangedToastValueKeepsTheWarehouseValue(String kind) throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = writer(warehouse, DeleteMode.HARD);
            Struct full = docs.row(1, "first", "a long body");
            write(writer, docs.read(full), docs.read(docs.row(2, "second", "second body")));

            write(writer, docs.update(full, docs.row(1, "renamed", Unavailable.PLACEHOLDER)));
            // Within one flush, the value an earlier change carried fills the gap.
            write(writer, docs.update(docs.row(2, "second", "x"), docs.row(2, "second", "new body")),
                    docs.update(docs.row(2, "second", "new body"), docs.row(2, "again", Unavailable.PLACEHOLDER)));

            assertThat(warehouse.query("SELECT id, title, body FROM docs ORDER BY id")).containsExactly(
                    List.of(1, "renamed", "a long body"), List.of(2, "again", "new body"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void softDeletesKeepTheRowMarkedAndAnInsertRevivesIt(String kind) throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = writer(warehouse, DeleteMode.SOFT);
            write(writer, docs.read(docs.row(1, "a", "x")), docs.read(docs.row(2, "b", "y")), docs.read(docs.row(3, "c", "z")));

            write(writer, docs.delete(docs.row(1, "a", "x")), docs.delete(docs.row(2, "b", "y")));
            write(writer, docs.insert(docs.row(2, "b again", "y2")));

            List<List<Object>> rows = warehouse.query("SELECT id, title, __deleted, __deleted_at FROM docs ORDER BY id")
                    .stream().map(row -> List.of(row.get(0), row.get(1), truthy(row.get(2)), row.get(3) != null)).toList();
            assertThat(rows).containsExactly(
                    List.of(1, "a", true, true), List.of(2, "b again", false, false), List.of(3, "c", false, false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void aTruncateEmptiesTheTableAndLaterChangesOfTheFlushApply(String kind) throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = writer(warehouse, DeleteMode.HARD);
            write(writer, docs.read(docs.row(1, "a", "x")), docs.read(docs.row(2, "b", "y")));

            write(writer, docs.insert(docs.row(3, "gone with the truncate", "z")), truncate(), docs.insert(docs.row(4, "after", "w")));

            assertThat(warehouse.query("SELECT id, title FROM docs ORDER BY id")).containsExactly(List.of(4, "after"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void aSoftTruncateMarksEveryRowDeleted(String kind) throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create(kind)) {
            WarehouseWriter writer = writer(warehouse, DeleteMode.SOFT);
            write(writer, docs.read(docs.row(1, "a", "x")), docs.read(docs.row(2, "b", "y")));

            write(writer, truncate());

            assertThat(warehouse.query("SELECT id, __deleted FROM docs ORDER BY id").stream()
                    .map(row -> List.of(row.get(0), truthy(row.get(1)))).toList())
                    .containsExactly(List.of(1, true), List.of(2, true));
        }
    }

    /** MariaDB's BOOLEAN is TINYINT(1): 1 and 0 read as true and false. */
    private static Object truthy(Object value) {
        return value instanceof Number number ? number.intValue() != 0 : value;
    }

    /** A Debezium truncate event: no before, no after, no key. */
    private SourceRecord truncate() {
        SourceRecord any = docs.insert(docs.row(0, null, null));
        Struct envelope = new Struct(any.valueSchema()).put("op", "t")
                .put("source", ((Struct) any.value()).getStruct("source"));
        return new SourceRecord(Map.of("server", "src"), Map.of("lsn", 99L), any.topic(), null, null, null,
                any.valueSchema(), envelope);
    }
}
