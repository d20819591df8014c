package io.sluice.engine.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.config.WarehouseConfig;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.writer.DeleteMode;
import io.sluice.connector.writer.QuarantineTable;
import io.sluice.connector.writer.TableNaming;
import io.sluice.connector.writer.WriterOptions;
import io.sluice.connector.writer.WarehouseDataSource;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.offsets.OffsetTable;
import io.sluice.engine.offsets.SchemaHistoryTable;
import io.sluice.engine.source.DebeziumSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pipeline: the warehouse connection pool, the offsets table, and one Debezium source per
 * source block, each with its own writer. Close it to stop every source after its current flush.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineConfig config;
    private final HikariDataSource warehouse;
    private final DatabaseDialect dialect;
    private final List<DebeziumSource> sources = new ArrayList<>();
    private final PipelineStats stats = new PipelineStats();

    private Pipeline(PipelineConfig config, HikariDataSource warehouse, DatabaseDialect dialect) {
        this.config = config;
        this.warehouse = warehouse;
        this.dialect = dialect;
    }

    /** Connects to the warehouse, prepares the offsets table, and starts every source. */
    public static Pipeline start(PipelineConfig config) throws SQLException {
        WarehouseConfig wh = config.warehouse();
        String url = jdbcUrl(wh);
        DatabaseDialect dialect = Dialects.forJdbcUrl(url);
        HikariDataSource dataSource;
        try {
            dataSource = WarehouseDataSource.create(config.name(), url, wh.user(), wh.password(),
                    Math.max(2, config.sources().size() + 1));
        } catch (RuntimeException e) {
            throw new SQLException("cannot connect to the " + dialect.name() + " warehouse at "
                    + describe(wh) + ": " + rootMessage(e), e);
        }
        Pipeline pipeline = new Pipeline(config, dataSource, dialect);
        try {
            OffsetTable offsets = new OffsetTable(dataSource, dialect, wh.schema());
            offsets.createIfMissing();
            SchemaHistoryTable history = new SchemaHistoryTable(dataSource, dialect, wh.schema());
            if (config.sources().stream().anyMatch(source -> source.type() != SourceType.POSTGRES)) {
                history.createIfMissing();
            }
            TableNaming naming = new TableNaming(wh.tableNameTemplate(), wh.schema());
            for (SourceConfig source : config.sources()) {
                WarehouseWriter writer = new WarehouseWriter(dataSource, dialect, naming,
                        new QuarantineTable(dialect, wh.schema(), config.name() + "/" + source.name()),
                        new WriterOptions(DeleteMode.valueOf(wh.deleteMode().name()),
                                WriterOptions.SchemaEvolution.valueOf(wh.schemaChanges().name())));
                // Each source its own chain: transforms keep per-table state and a source runs on its own thread.
                GovernanceChain governance = GovernanceChain.of(config.governance(), config.file());
                pipeline.sources.add(DebeziumSource.start(config.name(), source, config.flush(), writer, offsets,
                        history, pipeline.stats, governance));
            }
            LOG.info("Pipeline '{}' running: {} source(s) into {} warehouse {}", config.name(), config.sources().size(),
                    dialect.name(), describe(wh));
            return pipeline;
        } catch (SQLException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    static String jdbcUrl(WarehouseConfig warehouse) {
        return switch (warehouse.type()) {
            case DUCKDB -> "jdbc:duckdb:" + warehouse.path().toAbsolutePath();
            case POSTGRES, MARIADB -> warehouse.url();
        };
    }

    /** Where the warehouse is, without credentials. */
    private static String describe(WarehouseConfig warehouse) {
        return warehouse.path() != null ? warehouse.path().toString() : warehouse.url().replaceAll("\\?.*", "");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    public PipelineConfig config() {
        return config;
    }

    public PipelineStats stats() {
        return stats;
    }

    public HikariDataSource warehouse() {
        return warehouse;
    }

    public DatabaseDialect dialect() {
        return dialect;
    }

    /** Completes when every source has stopped; exceptionally with the first source failure. */
    public CompletableFuture<Void> completion() {
        return CompletableFuture.allOf(sources.stream().map(DebeziumSource::completion).toArray(CompletableFuture[]::new));
    }

    /** A future that fails as soon as any source fails. */
    public CompletableFuture<Object> firstFailure() {
        CompletableFuture<Object> failure = new CompletableFuture<>();
        for (DebeziumSource source : sources) {
            source.completion().whenComplete((ok, error) -> {
                if (error != null) {
                    failure.completeExceptionally(error);
                }
            });
        }
        return failure;
    }

    @Override
    public void close() {
        for (DebeziumSource source : sources) {
            source.close();
        }
        warehouse.close();
        LOG.info("Pipeline '{}' stopped after {} changes in {} flushes", config.name(), stats.changes(), stats.flushes());
    }
}
