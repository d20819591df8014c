package io.sluice.engine.pipeline;

import io.sluice.connector.writer.FlushResult;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a running pipeline, shared by its sources: changes captured, rows written, flushes, and
 * recent end-to-end lag (source commit to warehouse commit) — in total, per source and per source table.
 */
public final class PipelineStats implements FlushListener {

    private static final int LAG_SAMPLES = 4096;

    /** One source table's counts since the pipeline started. */
    public static final class TableStats {
        private final AtomicLong captured = new AtomicLong();
        private final AtomicLong upserted = new AtomicLong();
        private final AtomicLong deleted = new AtomicLong();
        private final AtomicLong quarantined = new AtomicLong();
        private final AtomicLong snapshotRows = new AtomicLong();

        /** Change events read from the source, before merging per key. */
        public long captured() {
            return captured.get();
        }

        public long upserted() {
            return upserted.get();
        }

        public long deleted() {
            return deleted.get();
        }

        public long quarantined() {
            return quarantined.get();
        }

        /** Rows read by the source's snapshot (its copy of the table before streaming). */
        public long snapshotRows() {
            return snapshotRows.get();
        }
    }

    /** One source's counts since the pipeline started. */
    public static final class SourceStats {
        private final AtomicLong changes = new AtomicLong();
        private final AtomicLong flushes = new AtomicLong();
        private final AtomicLong lastLagMillis = new AtomicLong(-1);
        private final AtomicLong lastFlushAt = new AtomicLong();
        private volatile boolean snapshotting;
        private volatile boolean snapshotCompleted;
        private final Map<String, TableStats> tables = new ConcurrentSkipListMap<>();

        public long changes() {
            return changes.get();
        }

        public long flushes() {
            return flushes.get();
        }

        /** Lag of the newest streamed change of the last flush that had one, in ms; -1 before any. */
        public long lastLagMillis() {
            return lastLagMillis.get();
        }

        /** Epoch millis of the last committed flush; 0 before the first. */
        public long lastFlushAt() {
            return lastFlushAt.get();
        }

        /** True from the snapshot's first committed read until its last. */
        public boolean snapshotting() {
            return snapshotting;
        }

        /** True once the snapshot's last read has committed (since this process started). */
        public boolean snapshotCompleted() {
            return snapshotCompleted;
        }

        /** Per source table, sorted by name. */
        public Map<String, TableStats> tables() {
            return tables;
        }

        private TableStats table(String name) {
            return tables.computeIfAbsent(name, n -> new TableStats());
        }
    }

    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong upserted = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final Map<String, SourceStats> sources = new ConcurrentHashMap<>();
    private final long[] lagMillis = new long[LAG_SAMPLES];
    private long lagCount;

    @Override
    public void flushed(String source, Captured captured, FlushResult result, long lagMs) {
        int events = captured.events();
        changes.addAndGet(events);
        upserted.addAndGet(result.upserted());
        deleted.addAndGet(result.deleted());
        quarantined.addAndGet(result.quarantined());
        flushes.incrementAndGet();
        SourceStats perSource = source(source);
        perSource.changes.addAndGet(events);
        perSource.flushes.incrementAndGet();
        perSource.lastFlushAt.set(System.currentTimeMillis());
        captured.byTable().forEach((table, count) -> perSource.table(table).captured.addAndGet(count));
        captured.snapshotByTable().forEach((table, count) -> perSource.table(table).snapshotRows.addAndGet(count));
        if (captured.snapshotCompleted()) {
            perSource.snapshotting = false;
            perSource.snapshotCompleted = true;
        } else if (!captured.snapshotByTable().isEmpty()) {
            perSource.snapshotting = true;
        }
        result.tables().forEach((key, counts) -> {
            TableStats table = perSource.table(FlushListener.tableOf(key));
            table.upserted.addAndGet(counts.upserted());
            table.deleted.addAndGet(counts.deleted());
            table.quarantined.addAndGet(counts.quarantined());
        });
        if (lagMs >= 0) {
            perSource.lastLagMillis.set(lagMs);
            synchronized (lagMillis) {
                lagMillis[(int) (lagCount++ % LAG_SAMPLES)] = lagMs;
            }
        }
    }

    /** A source's counts; all zero before its first flush. */
    public SourceStats source(String name) {
        return sources.computeIfAbsent(name, n -> new SourceStats());
    }

    /** Change events taken from the sources and committed to the warehouse. */
    public long changes() {
        return changes.get();
    }

    public long upserted() {
        return upserted.get();
    }

    public long deleted() {
        return deleted.get();
    }

    /** Records sent to the quarantine table instead of being applied. */
    public long quarantined() {
        return quarantined.get();
    }

    public long flushes() {
        return flushes.get();
    }

    /** The lag percentile over the most recent flushes, in milliseconds; -1 before the first. */
    public long lagPercentile(double percentile) {
        long[] samples;
        synchronized (lagMillis) {
            samples = Arrays.copyOf(lagMillis, (int) Math.min(lagCount, LAG_SAMPLES));
        }
        if (samples.length == 0) {
            return -1;
        }
        Arrays.sort(samples);
        return samples[(int) Math.min(samples.length - 1, Math.ceil(percentile / 100.0 * samples.length) - 1)];
    }
}
