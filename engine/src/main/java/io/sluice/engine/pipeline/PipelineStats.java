package io.sluice.engine.pipeline;

import io.sluice.connector.writer.FlushResult;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a running pipeline, shared by its sources: changes captured, rows written, flushes, and
 * recent end-to-end lag (source commit to warehouse commit).
 */
public final class PipelineStats implements FlushListener {

    private static final int LAG_SAMPLES = 4096;

    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong upserted = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final long[] lagMillis = new long[LAG_SAMPLES];
    private long lagCount;

    @Override
    public void flushed(String source, int events, FlushResult result, long lagMs) {
        changes.addAndGet(events);
        upserted.addAndGet(result.upserted());
        deleted.addAndGet(result.deleted());
        quarantined.addAndGet(result.quarantined());
        flushes.incrementAndGet();
        if (lagMs >= 0) {
            synchronized (lagMillis) {
                lagMillis[(int) (lagCount++ % LAG_SAMPLES)] = lagMs;
            }
        }
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
