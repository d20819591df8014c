package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static SourceConfig source(SourceType type, String slot) {
        return new SourceConfig("shop-eu", type, "db", type.defaultPort(), "cdc", "pw", "shop",
                List.of("public.customers"), SnapshotMode.INITIAL, slot, null, Map.of());
    }

    @Test
    void slotAndPublicationDefaultToPipelineAndSourceWithUnderscores() {
        SourceConfig source = source(SourceType.POSTGRES, null);

        assertThat(source.slotName("shop-demo")).isEqualTo("sluice_shop_demo_shop_eu");
        assertThat(source.publicationName("shop-demo")).isEqualTo("sluice_shop_demo_shop_eu");
    }

    @Test
    void aSlotNamedInTheFileWins() {
        assertThat(source(SourceType.POSTGRES, "my_slot").slotName("shop-demo")).isEqualTo("my_slot");
    }

    @Test
    void aBinlogSourceHasNoSlot() {
        assertThatThrownBy(() -> source(SourceType.MARIADB, null).slotName("shop-demo"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTableNameTemplateFillsSourceSchemaAndTable() {
        WarehouseConfig warehouse = new WarehouseConfig(WarehouseType.DUCKDB, Path.of("w.duckdb"), null, null, null,
                null, DeleteMode.HARD, "${source}__${schema}_${table}");

        assertThat(warehouse.tableName("shop", "public", "orders")).isEqualTo("shop__public_orders");
    }

    @Test
    void snapshotModesUseDebeziumNames() {
        assertThat(SnapshotMode.NO_DATA.debeziumName()).isEqualTo("no_data");
        assertThat(SnapshotMode.WHEN_NEEDED.debeziumName()).isEqualTo("when_needed");
    }

    @Test
    void suggestionsAreAtMostTwoEditsAway() {
        assertThat(Suggestions.closest("hots", List.of("host", "port"))).contains("host");
        assertThat(Suggestions.closest("colour", List.of("host", "url"))).isEmpty();
    }
}
