package io.sluice.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.connector.writer.FlushResult;
import io.sluice.engine.pipeline.Captured;
import io.sluice.engine.pipeline.FlushListener;
import io.sluice.engine.pipeline.PipelineStats;
import io.sluice.engine.source.DebeziumSource;
import io.sluice.engine.source.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's Prometheus metrics, fed by every committed flush. Names as {@code /metrics} shows them
 * (docs/grafana-dashboard.json uses these, and a test keeps the two in step):
 *
 * <ul>
 *   <li>{@code sluice_changes_captured_total{source,table}}: change events read, before merging per key</li>
 *   <li>{@code sluice_rows_written_total{source,table,op="upsert"|"delete"}}: warehouse rows written</li>
 *   <li>{@code sluice_changes_quarantined_total{source,table}}: records sent to the quarantine table</li>
 *   <li>{@code sluice_flushes_total{source}}; {@code sluice_flush_changes} and {@code sluice_flush_duration_seconds}
 *       histograms per source</li>
 *   <li>{@code sluice_lag_seconds} histogram per source: source commit to warehouse commit of each flush's newest
 *       streamed change; {@code sluice_source_lag_seconds}: that of the last flush</li>
 *   <li>{@code sluice_source_up{source}}: 1 while the source is connected and capturing</li>
 *   <li>{@code sluice_snapshot_rows_total{source,table}}: rows the snapshot read; {@code sluice_snapshot_estimated_rows}:
 *       the source's estimate of the table's rows; {@code sluice_snapshot_running{source}}</li>
 *   <li>JVM and process metrics ({@code jvm_*}, {@code process_*}, {@code system_*})</li>
 * </ul>
 */
public final class PipelineMetrics implements FlushListener, AutoCloseable {

    private static final String WRITTEN = "Rows upserted into or deleted from warehouse tables";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public PipelineMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Per-source gauges over the sources' state, last lag and snapshot, read at each scrape. */
    public void watch(List<Source> sources, PipelineStats stats) {
        for (Source source : sources) {
            retries(source.name()); // shown from the start, at 0
            Gauge.builder("sluice.source.up", source, s -> s.state() == Source.State.RUNNING ? 1 : 0)
                    .description("1 while the source is connected and capturing, else 0")
                    .tag("source", source.name())
                    .register(registry);
            Gauge.builder("sluice.source.lag", source, s -> Math.max(0, stats.source(s.name()).lastLagMillis()) / 1000.0)
                    .description("End-to-end lag of the last flush with a streamed change: source commit to warehouse commit")
                    .baseUnit("seconds")
                    .tag("source", source.name())
                    .register(registry);
            Gauge.builder("sluice.snapshot.running", source, s -> stats.source(s.name()).snapshotting() ? 1 : 0)
                    .description("1 while the source's snapshot copies its tables, else 0")
                    .tag("source", source.name())
                    .register(registry);
            if (source instanceof DebeziumSource database && database.config().type() == io.sluice.config.SourceType.POSTGRES) {
                SlotRetainedWal wal = new SlotRetainedWal(database.pipeline(), database.config());
                Gauge.builder("sluice.slot.retained.wal", wal, SlotRetainedWal::bytes)
                        .description("WAL the source keeps for the pipeline's replication slot (current WAL position"
                                + " minus the slot's restart_lsn); growing without end fills the source's disk")
                        .baseUnit("bytes")
                        .tag("source", source.name())
                        .strongReference(true) // nothing else holds the probe; a weak one would read NaN
                        .register(registry);
            }
            for (String table : source.tables()) {
                Gauge.builder("sluice.snapshot.estimated.rows", source,
                                s -> s.estimatedRows().containsKey(table) ? s.estimatedRows().get(table) : Double.NaN)
                        .description("The source's estimate of the table's rows (statistics), the snapshot's denominator")
                        .tags("source", source.name(), "table", table)
                        .register(registry);
            }
        }
    }

    @Override
    public void retrying(String source) {
        retries(source).increment();
    }

    private Counter retries(String source) {
        return Counter.builder("sluice.flush.retries")
                .description("Flushes tried again because the warehouse itself failed (connection lost, ...)")
                .tag("source", source)
                .register(registry);
    }

    @Override
    public void flushed(String source, Captured captured, FlushResult result, long lagMillis) {
        // Meters are looked up once per source and table, not built and registered per flush: that cost
        // showed on the committing thread of small, frequent flushes (the HTTP source's group commits).
        SourceMeters meters = sources.computeIfAbsent(source, this::sourceMeters);
        captured.byTable().forEach((table, count) -> meters.table(source, table).captured().increment(count));
        captured.snapshotByTable().forEach((table, count) -> meters.table(source, table).snapshotRows().increment(count));
        result.tables().forEach((key, counts) -> {
            TableMeters tableMeters = meters.table(source, FlushListener.tableOf(key));
            tableMeters.upserted().increment(counts.upserted());
            tableMeters.deleted().increment(counts.deleted());
            tableMeters.quarantined().increment(counts.quarantined());
        });
        meters.flushes.increment();
        meters.flushChanges.record(captured.events());
        meters.flushDuration.record(result.nanos(), TimeUnit.NANOSECONDS);
        if (lagMillis >= 0) {
            Timer lag = meters.lag;
            if (lag == null) {
                lag = meters.lag = lagTimer(source);
            }
            lag.record(lagMillis, TimeUnit.MILLISECONDS);
        }
    }

    private final Map<String, SourceMeters> sources = new ConcurrentHashMap<>();

    /** A source's per-flush meters, and its tables'. */
    private final class SourceMeters {
        final Counter flushes;
        final DistributionSummary flushChanges;
        final Timer flushDuration;
        volatile Timer lag;
        final Map<String, TableMeters> tables = new ConcurrentHashMap<>();

        SourceMeters(Counter flushes, DistributionSummary flushChanges, Timer flushDuration) {
            this.flushes = flushes;
            this.flushChanges = flushChanges;
            this.flushDuration = flushDuration;
        }

        TableMeters table(String source, String table) {
            return tables.computeIfAbsent(table, t -> new TableMeters(source, t));
        }
    }

    /** A table's counters, each registered the first time it counts (so /metrics shows what happened). */
    private final class TableMeters {
        private final String source;
        private final String table;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();

        TableMeters(String source, String table) {
            this.source = source;
            this.table = table;
        }

        Counter captured() {
            return counter("sluice.changes.captured", "Change events read from the source, before merging per key", null);
        }

        Counter snapshotRows() {
            return counter("sluice.snapshot.rows",
                    "Rows read by the snapshot (the copy of the table before streaming), committed", null);
        }

        Counter upserted() {
            return counter("sluice.rows.written", WRITTEN, "upsert");
        }

        Counter deleted() {
            return counter("sluice.rows.written", WRITTEN, "delete");
        }

        Counter quarantined() {
            return counter("sluice.changes.quarantined", "Records sent to the quarantine table instead of being applied", null);
        }

        /** The counter {@code name} of this table (and {@code op}, when not null), registered on first use. */
        private Counter counter(String name, String description, String op) {
            return counters.computeIfAbsent(op == null ? name : name + ":" + op, key -> {
                Counter.Builder builder = Counter.builder(name).description(description)
                        .tags("source", source, "table", table);
                return (op == null ? builder : builder.tag("op", op)).register(registry);
            });
        }
    }

    private SourceMeters sourceMeters(String source) {
        return new SourceMeters(
                Counter.builder("sluice.flushes").description("Committed flushes").tag("source", source)
                        .register(registry),
                DistributionSummary.builder("sluice.flush.changes")
                        .description("Change events per flush, before merging")
                        .tag("source", source)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(1.0)
                        .maximumExpectedValue(1_000_000.0)
                        .register(registry),
                Timer.builder("sluice.flush.duration")
                        .description("Time to write and commit one flush")
                        .tag("source", source)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry));
    }

    /** Registered at the first flush with a streamed change: a source that only snapshots shows no lag. */
    private Timer lagTimer(String source) {
        return Timer.builder("sluice.lag")
                .description("End-to-end lag per flush: source commit of its newest streamed change to warehouse commit")
                .tag("source", source)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /** Everything, in Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
