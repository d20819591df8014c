package io.sluice.connector.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ReductionBufferTest {

    private static final Schema ROW = SchemaBuilder.struct().name("shop.public.items.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();

    private final Envelopes items = new Envelopes("shop", "public", "items", ROW);
    private final ChangeEventReader reader = new ChangeEventReader();
    private final ReductionBuffer buffer = new ReductionBuffer(1000, 1 << 20);

    private void add(SourceRecord... records) {
        for (SourceRecord record : records) {
            reader.read(record, buffer);
        }
    }

    private static List<Object> names(TableChanges changes) {
        return changes.upserts().stream().map(row -> (Object) (row[0] + "=" + row[1])).toList();
    }

    private static List<Object> deletedIds(TableChanges changes) {
        return changes.deletes().stream().map(key -> key.values()[0]).toList();
    }

    @Test
    void lastStateOfAKeyWins() {
        add(items.read(items.row(1L, "a")),
                items.update(items.row(1L, "a"), items.row(1L, "b")),
                items.update(items.row(1L, "b"), items.row(1L, "c")));

        List<TableChanges> drained = buffer.drain().tables();

        assertThat(drained).hasSize(1);
        assertThat(names(drained.get(0))).containsExactly("1=c");
        assertThat(drained.get(0).deletes()).isEmpty();
        assertThat(buffer.isEmpty()).isTrue();
    }

    @Test
    void theLastChangesAreTheNewestKeysInOrder() {
        for (long id = 1; id <= 5; id++) {
            add(items.insert(items.row(id, "n" + id)));
        }
        TableChanges changes = buffer.drain().tables().get(0);

        assertThat(changes.lastChanges(2)).extracting(change -> change.key().values()[0]).containsExactly(4L, 5L);
        assertThat(changes.lastChanges(9)).hasSize(5).isEqualTo(changes.changes());
        assertThat(changes.lastChanges(0)).isEmpty();
    }

    @Test
    void insertThenDeleteIsNothing() {
        add(items.insert(items.row(7L, "x")),
                items.update(items.row(7L, "x"), items.row(7L, "y")),
                items.delete(items.row(7L, "y")));

        TableChanges changes = buffer.drain().tables().get(0);

        assertThat(changes.upserts()).isEmpty();
        assertThat(changes.deletes()).isEmpty();
    }

    @Test
    void deleteOfARowThatExistedBeforeTheFlushIsKept() {
        add(items.update(items.row(3L, "old"), items.row(3L, "new")), items.delete(items.row(3L, "new")));

        TableChanges changes = buffer.drain().tables().get(0);

        assertThat(changes.upserts()).isEmpty();
        assertThat(deletedIds(changes)).containsExactly(3L);
    }

    @Test
    void deleteThenInsertIsAnUpsert() {
        add(items.delete(items.row(5L, "gone")), items.insert(items.row(5L, "back")));

        TableChanges changes = buffer.drain().tables().get(0);

        assertThat(names(changes)).containsExactly("5=back");
        assertThat(changes.deletes()).isEmpty();
    }

    @Test
    void updateThatChangesTheKeyDeletesTheOldKeyAndUpsertsTheNew() {
        add(items.update(items.row(1L, "a"), items.row(2L, "a")));

        TableChanges changes = buffer.drain().tables().get(0);

        assertThat(names(changes)).containsExactly("2=a");
        assertThat(deletedIds(changes)).containsExactly(1L);
    }

    @Test
    void aSchemaChangeStartsANewSegmentWrittenAfterTheFirst() {
        Schema wider = SchemaBuilder.struct().name("shop.public.items.Value")
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("price", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .optional().build();
        Envelopes widerItems = new Envelopes("shop", "public", "items", wider);
        add(items.insert(items.row(1L, "a")));
        reader.read(widerItems.insert(widerItems.row(2L, "b", 2.5)), buffer);

        List<TableChanges> drained = buffer.drain().tables();

        assertThat(drained).hasSize(2);
        assertThat(drained.get(0).schema().columns()).hasSize(2);
        assertThat(drained.get(1).schema().columns()).hasSize(3);
    }

    @Test
    void isFullByEventCountOrBytes() {
        ReductionBuffer small = new ReductionBuffer(2, 1 << 20);
        reader.read(items.insert(items.row(1L, "a")), small);
        assertThat(small.isFull()).isFalse();
        reader.read(items.insert(items.row(1L, "b")), small);
        assertThat(small.isFull()).isTrue();

        ReductionBuffer tiny = new ReductionBuffer(1000, 100);
        reader.read(items.insert(items.row(1L, "x".repeat(100))), tiny);
        assertThat(tiny.isFull()).isTrue();
    }
}
