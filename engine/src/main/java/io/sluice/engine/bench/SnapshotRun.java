package io.sluice.engine.bench;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.pipeline.Pipeline;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * The Sluice side of {@link SnapshotBenchmark}, in a JVM of its own (started with {@code -Xmx512m}): runs
 * the pipeline until its snapshot has committed the expected rows, then prints
 * {@code SNAPSHOT millis=<n> peak_heap_mb=<n> after_gc_mb=<n> cpu_ms=<n> jit_ms=<n>} — the time from start to the last commit; the
 * most the heap pools (MemoryPoolMXBean) held at once, sampled every 20 ms, which a busy JVM fills towards
 * its limit before collecting (the sum of each pool's own peak would overstate it: the pools peak at
 * different moments); and the most they held right after a collection: what the pipeline really keeps.
 */
public final class SnapshotRun {

    private SnapshotRun() {
    }

    public static void main(String[] args) throws Exception {
        PipelineConfig config = PipelineLoader.load(Path.of(args[0]));
        long rows = Long.parseLong(args[1]);
        long start = System.nanoTime();
        long peak = 0;
        long afterGc = 0;
        try (Pipeline pipeline = Pipeline.start(config)) {
            while (pipeline.stats().changes() < rows) {
                peak = Math.max(peak, heap(false));
                afterGc = Math.max(afterGc, heap(true));
                if (pipeline.completion().isDone()) {
                    pipeline.completion().get();
                    throw new IllegalStateException("the pipeline stopped after " + pipeline.stats().changes() + " rows");
                }
                Thread.sleep(20);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("SNAPSHOT millis=" + millis + " peak_heap_mb=" + peak / (1024 * 1024)
                    + " after_gc_mb=" + afterGc / (1024 * 1024) + " cpu_ms=" + processCpuMillis() + " jit_ms=" + jitMillis());
        }
        System.exit(0);
    }

    /**
     * CPU time of this whole JVM so far (every thread: the engine's, the collector's, the JIT compiler's), in
     * milliseconds; -1 where the JVM cannot tell. Steadier than the wall clock on a shared 2-core machine.
     */
    private static long processCpuMillis() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? -1 : nanos / 1_000_000;
        }
        return -1;
    }

    /** Time the JIT compiler threads spent compiling so far, in milliseconds; -1 where the JVM cannot tell. */
    private static long jitMillis() {
        var compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
    }

    /** Bytes used by the heap pools now, or right after their last collection. */
    private static long heap(boolean afterCollection) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                var usage = afterCollection ? pool.getCollectionUsage() : pool.getUsage();
                used += usage == null ? 0 : usage.getUsed();
            }
        }
        return used;
    }
}
