package io.sluice.connector.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.change.Envelopes;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class FilterTest {

    static final Schema ORDERS = SchemaBuilder.struct().name("shop.public.orders.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.STRING_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("address", MaskTest.ADDRESS)
            .build();

    private final Envelopes orders = new Envelopes("shop", "public", "orders", ORDERS);

    private Struct order(long id, String status, String amount) {
        return orders.row(id, status, amount == null ? null : new BigDecimal(amount), null);
    }

    private static Filter<SourceRecord> filter(String... settings) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            config.put(settings[i], settings[i + 1]);
        }
        Filter<SourceRecord> filter = new Filter<>();
        filter.configure(config);
        return filter;
    }

    @Test
    void keepPassesMatchingChangesUnchangedAndDropsTheOthers() {
        Filter<SourceRecord> filter = filter("condition", "status IN ('paid', 'shipped') AND amount >= 10");
        SourceRecord paid = orders.insert(order(1, "paid", "12.50"));
        SourceRecord small = orders.insert(order(2, "paid", "9.99"));
        SourceRecord fresh = orders.read(order(3, "new", "50"));

        assertThat(filter.apply(paid)).isSameAs(paid);
        assertThat(filter.apply(small)).isNull();
        assertThat(filter.apply(fresh)).isNull();
        assertThat(filter.droppedRecords()).isEqualTo(2);
    }

    @Test
    void dropDropsMatchingChangesAndPassesTheOthers() {
        Filter<SourceRecord> filter = filter("condition", "status = 'test'", "action", "drop");
        SourceRecord test = orders.insert(order(1, "test", "1"));
        SourceRecord real = orders.insert(order(2, "paid", "1"));

        assertThat(filter.apply(test)).isNull();
        assertThat(filter.apply(real)).isSameAs(real);
    }

    @Test
    void anUnknownResultDoesNotMatch_soKeepDropsItAndDropKeepsIt() {
        SourceRecord noAmount = orders.insert(order(1, "paid", null));

        assertThat(filter("condition", "amount > 10").apply(noAmount)).isNull();
        assertThat(filter("condition", "amount > 10", "action", "drop").apply(noAmount)).isSameAs(noAmount);
    }

    @Test
    void anUpdateIsJudgedOnItsNewRow_andADeleteOnItsOldRow() {
        Filter<SourceRecord> filter = filter("condition", "status = 'paid'");
        SourceRecord stillPaid = orders.update(order(1, "new", "5"), order(1, "paid", "5"));
        SourceRecord noLongerPaid = orders.update(order(1, "paid", "5"), order(1, "refunded", "5"));
        SourceRecord deletePaid = orders.delete(order(1, "paid", "5"));
        SourceRecord deleteNew = orders.delete(order(2, "new", "5"));

        assertThat(filter.apply(stillPaid)).isSameAs(stillPaid);
        assertThat(filter.apply(noLongerPaid)).isNull();
        assertThat(filter.apply(deletePaid)).isSameAs(deletePaid);
        assertThat(filter.apply(deleteNew)).isNull();
    }

    @Test
    void tombstonesOtherRecordsAndUnselectedTablesPass() {
        Filter<SourceRecord> filter = filter("condition", "status = 'paid'", "tables", "public\\.orders");
        Envelopes archived = Envelopes.mariadb("erp", "archive", "orders", ORDERS);
        SourceRecord tombstone = orders.tombstone(order(1, "new", "1"));
        SourceRecord otherTable = archived.insert(order(1, "new", "1"));
        SourceRecord selectedTable = orders.insert(order(1, "new", "1"));

        assertThat(filter.apply(tombstone)).isSameAs(tombstone);
        assertThat(filter.apply(otherTable)).isSameAs(otherTable);
        assertThat(filter.apply(selectedTable)).isNull();
    }

    @Test
    void aColumnATableLacksReadsAsNull_acrossTwoSchemaVersions() {
        Schema v2 = SchemaBuilder.struct().name("shop.public.orders.Value").version(2).optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("status", Schema.STRING_SCHEMA)
                .field("deleted_at", Timestamp.builder().optional().build())
                .build();
        Envelopes ordersV2 = new Envelopes("shop", "public", "orders", v2);
        Filter<SourceRecord> filter = filter("condition", "deleted_at IS NULL OR deleted_at > '2024-01-01'");
        SourceRecord before = orders.insert(order(1, "paid", "1"));
        SourceRecord live = ordersV2.insert(ordersV2.row(2L, "paid", null));
        SourceRecord softDeletedLongAgo = ordersV2.update(ordersV2.row(3L, "paid", null),
                ordersV2.row(3L, "paid", java.util.Date.from(java.time.Instant.parse("2023-05-01T00:00:00Z"))));
        SourceRecord softDeletedRecently = ordersV2.update(ordersV2.row(4L, "paid", null),
                ordersV2.row(4L, "paid", java.util.Date.from(java.time.Instant.parse("2024-05-01T00:00:00Z"))));

        assertThat(filter.apply(before)).as("v1 has no deleted_at: null").isSameAs(before);
        assertThat(filter.apply(live)).isSameAs(live);
        assertThat(filter.apply(softDeletedLongAgo)).isNull();
        assertThat(filter.apply(softDeletedRecently)).isSameAs(softDeletedRecently);
        assertThat(filter.apply(orders.insert(order(5, "paid", "1")))).as("v1 again").isNotNull();
    }

    @Test
    void nestedValuesCanBeTestedForNull() {
        Filter<SourceRecord> filter = filter("condition", "address IS NOT NULL");
        SourceRecord withAddress = orders.insert(orders.row(1L, "paid", null,
                new Struct(MaskTest.ADDRESS).put("city", "Oxford")));
        SourceRecord without = orders.insert(order(2, "paid", null));

        assertThat(filter.apply(withAddress)).isSameAs(withAddress);
        assertThat(filter.apply(without)).isNull();
    }

    @Test
    void aConditionThatDoesNotParseIsAConfigErrorWithItsPosition() {
        assertThatThrownBy(() -> filter("condition", "status = 'paid' AND"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("condition")
                .hasMessageContaining("at position 20: expected a column, a value, NOT or '(' but found the end");
        assertThatThrownBy(() -> filter("condition", "  "))
                .isInstanceOf(ConfigException.class).hasMessageContaining("condition");
        assertThatThrownBy(() -> filter("action", "keep"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("condition");
        assertThatThrownBy(() -> filter("condition", "id = 1", "action", "maybe"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("action").hasMessageContaining("maybe");
    }

    @Test
    void aConditionThatDoesNotFitATableFailsOnItsFirstChangeNamingTableAndColumn() {
        Filter<SourceRecord> filter = filter("condition", "amount > 'lots'");

        assertThatThrownBy(() -> filter.apply(orders.insert(order(1, "paid", "1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("public.orders")
                .hasMessageContaining("column 'amount'")
                .hasMessageContaining("at position 10");
    }

    @Test
    void isThreadSafeUnderParallelUse() {
        Filter<SourceRecord> filter = filter("condition", "amount >= 50");

        List<SourceRecord> changes = Stream.iterate(0, i -> i + 1).limit(2000)
                .map(i -> orders.insert(orders.row((long) i, "paid", new BigDecimal(i % 100), null)))
                .toList();

        long kept = changes.parallelStream().map(filter::apply).filter(record -> record != null).count();

        assertThat(kept).isEqualTo(1000);
        assertThat(filter.droppedRecords()).isEqualTo(1000);
    }
}
