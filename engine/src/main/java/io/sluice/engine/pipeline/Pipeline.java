package io.sluice.engine.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.EventSourceType;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.engine.events.EventWriter;
import io.sluice.engine.events.HttpEventSource;
import io.sluice.engine.events.QueueEventSources;
import io.sluice.engine.forward.Forwarding;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.offsets.EventIdPruner;
import io.sluice.engine.offsets.EventIdTable;
import io.sluice.engine.offsets.OffsetTable;
import io.sluice.engine.offsets.SchemaHistoryTable;
import io.sluice.engine.source.DebeziumSource;
import io.sluice.engine.source.RetryingWriter;
import io.sluice.engine.source.Source;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running pipeline: the warehouse connection pool, the offsets table, and one Debezium source per
 * source block, each with its own writer. Close it to stop every source after its current flush.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final PipelineConfig config;
    private final Warehouse warehouse;
    private final List<Source> sources = new ArrayList<>();
    private final PipelineStats stats = new PipelineStats();
    private Forwarding forwarding;
    private EventIdPruner pruner;

    private Pipeline(PipelineConfig config, Warehouse warehouse) {
        this.config = config;
        this.warehouse = warehouse;
    }

    /** Connects to the warehouse, prepares the offsets table, and starts every source. */
    public static Pipeline start(PipelineConfig config) throws SQLException {
        return start(config, (source, captured, result, lag) -> { });
    }

    /** As {@link #start(PipelineConfig)}, telling {@code listener} too about every committed flush (e.g. metrics). */
    public static Pipeline start(PipelineConfig config, FlushListener listener) throws SQLException {
        // Per event source a committing and a looking-up connection (an HTTP source a second committing one),
        // and one for the event id pruner.
        int eventConnections = config.eventSources().isEmpty() ? 0 : 2 * config.eventSources().size() + 1
                + (int) config.eventSources().stream().filter(s -> s.type() == EventSourceType.HTTP).count();
        Warehouse warehouse = Warehouse.open(config, Math.max(2, config.sources().size() + eventConnections + 1)
                + config.forward().size());
        Pipeline pipeline = new Pipeline(config, warehouse);
        try {
            OffsetTable offsets = new OffsetTable(warehouse.dataSource(), warehouse.dialect(), warehouse.schema());
            offsets.createIfMissing();
            SchemaHistoryTable history = new SchemaHistoryTable(warehouse.dataSource(), warehouse.dialect(),
                    warehouse.schema());
            if (config.sources().stream().anyMatch(source -> source.type() != SourceType.POSTGRES)) {
                history.createIfMissing();
            }
            pipeline.forwarding = Forwarding.start(config, warehouse.dataSource(), warehouse.dialect(), warehouse.schema());
            for (SourceConfig source : config.sources()) {
                // Each source its own chain: transforms keep per-table state and a source runs on its own thread.
                GovernanceChain governance = GovernanceChain.of(config.governance(), config.file());
                pipeline.sources.add(DebeziumSource.start(config.name(), source, config.flush(),
                        warehouse.writer(source.name()), warehouse.description(), offsets, history,
                        FlushListener.both(FlushListener.both(pipeline.stats, pipeline.forwarding), listener),
                        governance, pipeline.forwarding.participant(source.name()), config.snapshotThreads()));
            }
            if (!config.eventSources().isEmpty()) {
                EventIdTable ids = new EventIdTable(warehouse.dataSource(), warehouse.dialect(), warehouse.schema());
                ids.createIfMissing();
                for (EventSourceConfig source : config.eventSources()) {
                    pipeline.sources.add(startEventSource(config, source, warehouse, offsets, ids,
                            FlushListener.both(FlushListener.both(pipeline.stats, pipeline.forwarding), listener),
                            pipeline.forwarding.participant(source.name()),
                            // A second lane needs a second connection (DuckDB's pool has one); the outbox's
                            // sequence is written by one thread.
                            warehouse.dataSource().getMaximumPoolSize() > 1 && !pipeline.forwarding.forwards()));
                }
                Map<String, Duration> windows = new LinkedHashMap<>();
                config.eventSources().forEach(source -> windows.put(source.name(), source.dedupeWindow()));
                pipeline.pruner = new EventIdPruner(warehouse.dataSource(), ids, config.name(), windows).start();
            }
            LOG.info("Pipeline '{}' running: {} source(s) into {} warehouse {}", config.name(), pipeline.sources.size(),
                    warehouse.dialect().name(), warehouse.describe());
            return pipeline;
        } catch (SQLException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private static Source startEventSource(PipelineConfig config, EventSourceConfig source, Warehouse warehouse,
                                           OffsetTable offsets, EventIdTable ids, FlushListener listener,
                                           TransactionParticipant outbox, boolean secondLane) throws SQLException {
        CommittedOffsets committed = new CommittedOffsets(offsets.load(config.name(), source.name()));
        Supplier<RetryingWriter> writers = () -> new RetryingWriter(source.name(),
                warehouse.writer(source.name()), config.flush().retry(), warehouse.description(), listener);
        EventWriter events = new EventWriter(config.name(), source.name(), writers.get(), offsets, ids,
                GovernanceChain.of(config.governance(), config.file()), committed, listener, outbox);
        if (source.type() == EventSourceType.HTTP) {
            List<EventWriter> lanes = new ArrayList<>(List.of(events));
            if (secondLane) {
                lanes.add(events.through(writers.get()));
            }
            return HttpEventSource.start(config.name(), source, lanes, committed, config.flush().maxRows());
        }
        try {
            return QueueEventSources.start(config.name(), source, events, committed);
        } catch (Exception e) {
            events.close();
            throw new IllegalStateException("source '" + source.name() + "' (" + source.type().name()
                    .toLowerCase(java.util.Locale.ROOT) + ") cannot start: " + e.getMessage(), e);
        }
    }

    /** The HTTP source that declares {@code table}, if any. */
    public java.util.Optional<HttpEventSource> ingestSource(String table) {
        return sources.stream().filter(s -> s instanceof HttpEventSource).map(s -> (HttpEventSource) s)
                .filter(s -> s.decoder().declares(table)).findFirst();
    }

    /** The HTTP sources, for checking a token before anything else is looked at. */
    public List<HttpEventSource> ingestSources() {
        return sources.stream().filter(s -> s instanceof HttpEventSource).map(s -> (HttpEventSource) s).toList();
    }

    public PipelineConfig config() {
        return config;
    }

    public PipelineStats stats() {
        return stats;
    }

    public HikariDataSource warehouse() {
        return warehouse.dataSource();
    }

    /** Where the warehouse is, without credentials. */
    public String warehouseLocation() {
        return warehouse.describe();
    }

    /** The warehouse schema the tables are written into; null for the connection's default. */
    public String warehouseSchema() {
        return warehouse.schema();
    }

    /** What keeps the event ids to the dedupe windows; null without event sources. */
    public EventIdPruner eventIdPruner() {
        return pruner;
    }

    /** The outbox, its publishers and the live feed. */
    public Forwarding forwarding() {
        return forwarding;
    }

    /** The sources, in file order. */
    public List<Source> sources() {
        return List.copyOf(sources);
    }

    public DatabaseDialect dialect() {
        return warehouse.dialect();
    }

    /** Completes when every source has stopped; exceptionally with the first source failure. */
    public CompletableFuture<Void> completion() {
        return CompletableFuture.allOf(sources.stream().map(Source::completion).toArray(CompletableFuture[]::new));
    }

    /** A future that fails as soon as any source fails. */
    public CompletableFuture<Object> firstFailure() {
        CompletableFuture<Object> failure = new CompletableFuture<>();
        for (Source source : sources) {
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
        for (Source source : sources) {
            source.close();
        }
        if (pruner != null) {
            pruner.close();
        }
        if (forwarding != null) {
            forwarding.close();
        }
        warehouse.close();
        LOG.info("Pipeline '{}' stopped after {} changes in {} flushes", config.name(), stats.changes(), stats.flushes());
    }
}
