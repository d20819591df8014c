package io.sluice.engine.pipeline;

import io.sluice.config.FlushConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.config.WarehouseConfig;
import io.sluice.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Pipeline configurations for tests: one PostgreSQL test database as the source. */
public final class Pipelines {

    /** Small flushes and a short age, so tests see their changes quickly. */
    public static final FlushConfig FAST_FLUSH = new FlushConfig(1000, 4L << 20, Duration.ofMillis(100));

    private Pipelines() {
    }

    /**
     * @param name unique per test: the replication slot is named after it, and slots are server-wide
     */
    public static PipelineConfig postgresSource(String name, TestDatabase source, List<String> tables,
                                                WarehouseConfig warehouse) {
        SourceConfig config = new SourceConfig("src", SourceType.POSTGRES, source.host(), source.port(), source.user(),
                source.password(), source.name(), tables, SnapshotMode.INITIAL, null, null, Map.of());
        return new PipelineConfig(name, List.of(config), warehouse, FAST_FLUSH, null);
    }

    /** A MariaDB test database as the source; tables are named {@code <database>.<table>}. */
    public static PipelineConfig mariadbSource(String name, TestDatabase source, List<String> tables,
                                               WarehouseConfig warehouse) {
        SourceConfig config = new SourceConfig("maria", SourceType.MARIADB, source.host(), source.port(), source.user(),
                source.password(), null, tables.stream().map(t -> source.name() + "." + t).toList(), SnapshotMode.INITIAL,
                null, null, Map.of());
        return new PipelineConfig(name, List.of(config), warehouse, FAST_FLUSH, null);
    }
}
