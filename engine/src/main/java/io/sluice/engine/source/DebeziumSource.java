package io.sluice.engine.source;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.sluice.config.DebeziumProperties;
import io.sluice.config.FlushConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.offsets.OffsetCodec;
import io.sluice.engine.offsets.OffsetTable;
import io.sluice.engine.offsets.SchemaHistoryTable;
import io.sluice.engine.offsets.WarehouseSchemaHistory;
import io.sluice.engine.offsets.WarehouseOffsetStore;
import io.sluice.engine.pipeline.FlushListener;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source database, captured by Debezium's embedded engine in Connect format, its batches handed to
 * a {@link ChangeBatchHandler}. Offsets come from the warehouse (DESIGN.md, "Exactly once").
 */
public final class DebeziumSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(DebeziumSource.class);
    private static final long POLL_INTERVAL_MS = 25;

    private final String name;

    private final String pipeline;
    private final SourceConfig config;
    private final String offsetsId;
    private final String historyId;
    private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private final ExecutorService thread;
    /** Flushes what the handler gathered once it is old enough, when the source has gone quiet. */
    private final ScheduledExecutorService ageFlusher;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private GovernanceChain governance = GovernanceChain.none();
    private final ChangeBatchHandler handler;
    /** Sluice's own snapshot, run before the engine starts; null when Debezium takes it (or none is needed). */
    private ParallelSnapshot snapshot;

    private final CommittedOffsets committed;
    private volatile State state = State.STARTING;
    private volatile String error;
    private volatile Map<String, Long> estimatedRows = Map.of();

    private DebeziumSource(String pipeline, SourceConfig config, CommittedOffsets committed, String offsetsId,
                           String historyId, Properties props, ChangeBatchHandler handler) {
        this.name = config.name();
        this.pipeline = pipeline;
        this.committed = committed;
        this.config = config;
        this.offsetsId = offsetsId;
        this.historyId = historyId;
        this.handler = handler;
        this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(props) // before notifying(): the builder reads properties there
                .using(this::completed)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        // The task has connected to the database (and, for PostgreSQL, set up its slot).
                        if (state == State.STARTING) {
                            state = State.RUNNING;
                        }
                    }
                })
                .notifying(handler)
                .build();
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "sluice-source-" + config.name());
            t.setDaemon(false);
            return t;
        });
        this.ageFlusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "sluice-flush-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs Sluice's snapshot when there is one, then the engine (on the source's thread). */
    private void snapshotThenStream() {
        if (snapshot != null) {
            try {
                snapshot.run();
            } catch (Exception e) {
                if (closed.get()) {
                    completed(true, null, null);
                } else {
                    LOG.error("Source '{}': snapshot failed: {}", name, e.toString());
                    completed(false, "snapshot failed: " + e.getMessage(), e);
                    Thread stop = new Thread(this::close, "sluice-stop-" + name);
                    stop.setDaemon(true);
                    stop.start();
                }
                return;
            }
            if (closed.get()) {
                completed(true, null, null);
                return;
            }
        }
        engine.run();
    }

    private void flushIfDue(ChangeBatchHandler handler) {
        if (completion.isDone()) {
            return;
        }
        try {
            handler.flushIfDue();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // As if the engine's own thread had failed the flush: the source fails and its engine stops.
            LOG.error("Source '{}': flush failed: {}", name, e.getMessage());
            completed(false, e.getMessage(), e);
            Thread stop = new Thread(this::close, "sluice-stop-" + name);
            stop.setDaemon(true);
            stop.start();
        }
    }

    /**
     * Starts capturing {@code source} into the warehouse behind {@code writer}.
     *
     * @param warehouse       what and where the warehouse is, for messages
     * @param outbox          writes each flush's committed changes to the outbox, in its transaction
     * @param snapshotThreads readers of a PostgreSQL source's initial snapshot ({@link ParallelSnapshot}); 0 leaves
     *                        it to Debezium
     */
    public static DebeziumSource start(String pipeline, SourceConfig source, FlushConfig flush, WarehouseWriter writer,
                                       String warehouse, OffsetTable offsetTable, SchemaHistoryTable historyTable,
                                       FlushListener listener, GovernanceChain governance,
                                       TransactionParticipant outbox, int snapshotThreads) throws SQLException {
        String engineName = DebeziumProperties.engineName(pipeline, source);
        Map<String, String> stored = offsetTable.load(pipeline, source.name());
        OffsetCodec codec = new OffsetCodec(engineName);
        SnapshotRestart snapshotRestart = SnapshotRestart.of(source, stored.values(), codec);
        if (source.snapshot() == SnapshotMode.WHEN_NEEDED) {
            Optional<String> purged = PurgedBinlog.of(source, stored.values(), codec);
            if (purged.isPresent()) {
                // Debezium then starts as if new and copies the tables; SnapshotRestart empties the warehouse's
                // copy in the same transaction as the first rows, and that flush overwrites the stale offsets.
                LOG.warn("Source '{}': the server purged binary log {}, which the warehouse's committed position"
                        + " points into; snapshot: when_needed copies the tables again", source.name(), purged.get());
                stored = Map.of();
            }
        }
        CommittedOffsets committed = new CommittedOffsets(stored);
        String offsetsId = engineName + "@" + System.identityHashCode(committed);
        CommittedOffsets.register(offsetsId, committed);

        Properties props = DebeziumProperties.of(pipeline, source);
        props.setProperty("offset.storage", WarehouseOffsetStore.class.getName());
        props.setProperty(WarehouseOffsetStore.ID_PROPERTY, offsetsId);
        // Every batch commits its offsets with its rows; let the engine confirm them (and the
        // PostgreSQL slot) right after each batch rather than once a minute.
        props.setProperty("offset.flush.interval.ms", "0");
        // One Debezium batch is at most one flush; the queue before it bounds memory (DESIGN.md, 7).
        props.setProperty("max.batch.size", Integer.toString(flush.maxRows()));
        props.setProperty("max.queue.size", Integer.toString(flush.maxRows() * 2));
        props.setProperty("max.queue.size.in.bytes", Long.toString(flush.maxBytes()));
        // Debezium's poll interval is also how long a PostgreSQL source sleeps whenever its stream has a gap;
        // while it sleeps the server's send buffer fills and the WAL sender waits, so a long interval caps
        // throughput and lag builds up. Kept short; the handler gathers the small batches up to the flush limits.
        props.setProperty("poll.interval.ms", Long.toString(Math.min(POLL_INTERVAL_MS, flush.maxAge().toMillis())));
        // On stop, let the flush in progress finish and commit before the engine interrupts it.
        props.setProperty("record.processing.shutdown.timeout.ms", "30000");

        String historyId = null;
        if (source.type() != SourceType.POSTGRES) {
            // MySQL-family connectors need the DDL history to decode the binlog; it lives in the warehouse.
            historyId = offsetsId;
            WarehouseSchemaHistory.register(historyId,
                    new WarehouseSchemaHistory.Binding(historyTable, pipeline, source.name()));
            props.setProperty("schema.history.internal", WarehouseSchemaHistory.class.getName());
            props.setProperty(WarehouseSchemaHistory.ID_PROPERTY, historyId);
        }

        java.util.Set<String> historyTables = java.util.Set.copyOf(source.rules().history());
        ReductionBuffer buffer = new ReductionBuffer(flush.maxRows(), flush.maxBytes(),
                table -> historyTables.contains(table.schema() + "." + table.table()));
        // Sluice reads a PostgreSQL snapshot itself when one is due: nothing committed yet, or an interrupted one.
        boolean ownSnapshot = snapshotThreads > 0 && source.type() == SourceType.POSTGRES
                && source.snapshot() != SnapshotMode.NO_DATA && (stored.isEmpty() || snapshotRestart.interrupted());
        String debeziumOnly = ParallelSnapshot.settingOnlyDebeziumApplies(props);
        if (ownSnapshot && debeziumOnly != null) {
            LOG.info("Source '{}': Debezium takes the initial snapshot (one reader): Sluice's parallel snapshot does"
                    + " not apply the Debezium property {}", source.name(), debeziumOnly);
            ownSnapshot = false;
        }
        snapshotRestart.prepareSource(pipeline, source);
        if (ownSnapshot && !snapshotRestart.interrupted()) {
            // Nothing of the source is committed: a slot left by a run that crashed before its first commit holds
            // nothing the snapshot does not read, and the slot must be created anew to export a snapshot.
            SnapshotRestart.dropSlot(pipeline, source, "left before anything was committed; the snapshot starts over");
        }
        ChangeBatchHandler handler = new ChangeBatchHandler(pipeline, source.name(), buffer, writer, offsetTable,
                codec, committed, listener, governance, new SnapshotProgress(source),
                ExcludedTables.of(source.rules().excludeTables()), flush.retry(), warehouse, snapshotRestart, outbox,
                flush.maxAge());
        DebeziumSource started = new DebeziumSource(pipeline, source, committed, offsetsId, historyId, props, handler);
        started.governance = governance;
        if (ownSnapshot) {
            started.snapshot = new ParallelSnapshot(source, source.slotName(pipeline), source.publicationName(pipeline),
                    props, snapshotThreads, handler, () -> {
                        if (started.state == State.STARTING) {
                            started.state = State.RUNNING;
                        }
                    });
        }
        started.thread.execute(started::snapshotThenStream);
        started.ageFlusher.scheduleWithFixedDelay(() -> started.flushIfDue(handler),
                POLL_INTERVAL_MS, POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
        Thread sizes = new Thread(() -> started.estimatedRows = SourceTableSizes.estimate(source),
                "sluice-table-sizes-" + source.name());
        sizes.setDaemon(true);
        sizes.start();
        LOG.info("Source '{}' ({}) started: {} at {}:{}", source.name(), source.type().name().toLowerCase(),
                source.tables(), source.host(), source.port());
        return started;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return config.type().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public java.util.List<String> tables() {
        return config.tables();
    }

    public SourceConfig config() {
        return config;
    }

    /** The pipeline this source belongs to. */
    public String pipeline() {
        return pipeline;
    }

    @Override
    public State state() {
        return state;
    }

    /** Why the source failed; null while it has not. */
    @Override
    public String error() {
        return error;
    }

    /** The source's estimate of each captured table's rows, for snapshot progress; a table without one is absent. */
    @Override
    public Map<String, Long> estimatedRows() {
        return estimatedRows;
    }

    /** The offsets the warehouse holds for this source, as stored: serialized partition → serialized offset. */
    @Override
    public Map<String, String> committedOffsets() {
        return committed.asStored();
    }

    /** Completes when the engine stops: normally after {@link #close()}, exceptionally when it failed. */
    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    private synchronized void completed(boolean success, String message, Throwable error) {
        if (completion.isDone()) {
            return; // a failed age flush came first
        }
        if (success) {
            LOG.info("Source '{}' stopped", name);
            state = State.STOPPED;
            completion.complete(null);
        } else {
            String reason = LostPosition.explain(error, pipeline, config)
                    .orElse(error != null && error.getMessage() != null ? error.getMessage() : message);
            SourceFailedException failure = new SourceFailedException(name, reason, error);
            this.error = failure.getMessage();
            state = State.FAILED;
            completion.completeExceptionally(failure);
        }
    }

    /** The engine refuses to close while its tasks are starting; it is asked again until it can. */
    private void closeEngine() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                engine.close();
                return;
            } catch (IllegalStateException starting) {
                if (System.nanoTime() > deadline || completion.isDone()) {
                    return;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        // First the age flusher: what it has not flushed yet is not committed, and is read again on restart.
        ageFlusher.shutdownNow();
        if (snapshot != null) {
            snapshot.stop();
        }
        try {
            ageFlusher.awaitTermination(30, TimeUnit.SECONDS);
            closeEngine();
        } catch (IOException | InterruptedException e) {
            LOG.warn("Source '{}' did not stop cleanly: {}", name, e.toString());
        } finally {
            // The flush the engine handed over last commits before the source reports it stopped.
            handler.close(30_000);
            thread.shutdown();
            governance.close();
            CommittedOffsets.unregister(offsetsId);
            if (historyId != null) {
                WarehouseSchemaHistory.unregister(historyId);
            }
        }
    }
}
