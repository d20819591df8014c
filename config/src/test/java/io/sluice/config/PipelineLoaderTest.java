package io.sluice.config;

import static io.sluice.config.Fixtures.ENVIRONMENT;
import static io.sluice.config.Fixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineLoaderTest {

    @Test
    void aFileUsingEveryKeyBindsToExactlyTheModelItDescribes() {
        Path file = pipeline("full.yaml");

        PipelineConfig config = PipelineLoader.load(file, ENVIRONMENT);

        Map<String, String> debezium = new LinkedHashMap<>();
        debezium.put("snapshot.fetch.size", "2000");
        debezium.put("heartbeat.interval.ms", "10000");
        SourceConfig shop = new SourceConfig("shop", SourceType.POSTGRES, "pg.internal", 6543, "cdc",
                "Sup3r-S3cret-pg", "shop", List.of("public.customers", "public.orders"), SnapshotMode.WHEN_NEEDED,
                "shop_slot", "shop_publication", debezium);
        SourceConfig crm = new SourceConfig("legacy-crm", SourceType.MARIADB, "crm.internal", 3306, "cdc",
                "crm-s3cret-from-file", null, List.of("crm.accounts"), SnapshotMode.INITIAL, null, null, Map.of());
        WarehouseConfig warehouse = new WarehouseConfig(WarehouseType.POSTGRES, null,
                "jdbc:postgresql://wh.internal:5432/analytics", "loader", "Sup3r-S3cret-wh", "raw", DeleteMode.SOFT,
                "${source}_${table}");
        FlushConfig flush = new FlushConfig(5_000, 8L * 1024 * 1024, Duration.ofSeconds(2),
                new RetryConfig(Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMinutes(1)));
        assertThat(config).isEqualTo(new PipelineConfig("shop-demo", List.of(shop, crm), warehouse, flush, file));
        assertThat(config.sources().get(0).debezium().keySet())
                .as("passthrough properties keep the file's order")
                .containsExactly("snapshot.fetch.size", "heartbeat.interval.ms");
    }

    @Test
    void keysLeftOutTakeTheirDefaults() {
        Path file = pipeline("minimal.yaml");

        PipelineConfig config = PipelineLoader.load(file, Map.of());

        SourceConfig source = config.sources().get(0);
        assertThat(source.port()).isEqualTo(5432);
        assertThat(source.password()).isNull();
        assertThat(source.snapshot()).isEqualTo(SnapshotMode.INITIAL);
        assertThat(source.slotName("tiny")).isEqualTo("sluice_tiny_app_db");
        assertThat(source.publicationName("tiny")).isEqualTo("sluice_tiny_app_db");
        assertThat(source.debezium()).isEmpty();
        WarehouseConfig warehouse = config.warehouse();
        assertThat(warehouse.path())
                .as("a relative DuckDB path starts at the pipeline file's folder")
                .isEqualTo(file.getParent().resolve("out/tiny.duckdb"));
        assertThat(warehouse.deleteMode()).isEqualTo(DeleteMode.HARD);
        assertThat(warehouse.tableNameTemplate()).isEqualTo("${table}");
        assertThat(warehouse.schema()).isNull();
        assertThat(config.flush()).isEqualTo(FlushConfig.DEFAULTS);
        assertThat(FlushConfig.DEFAULTS)
                .isEqualTo(new FlushConfig(10_000, 16L * 1024 * 1024, Duration.ofMillis(200),
                        new RetryConfig(Duration.ofMinutes(5), Duration.ofMillis(200), Duration.ofSeconds(30))));
    }

    @Test
    void mariadbAndMysqlSourcesDefaultToPort3306() {
        PipelineConfig config = PipelineLoader.load(pipeline("full.yaml"), ENVIRONMENT);

        assertThat(config.source("legacy-crm")).get().extracting(SourceConfig::port).isEqualTo(3306);
        assertThat(SourceType.MYSQL.defaultPort()).isEqualTo(3306);
    }
}
