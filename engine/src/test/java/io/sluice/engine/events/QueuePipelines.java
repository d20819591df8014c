package io.sluice.engine.events;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** Pipelines with queue event sources feeding a test warehouse, and waiting for what they write. */
final class QueuePipelines {

    private QueuePipelines() {
    }

    /** {@code sources} is the pipeline file's {@code sources:} list, indented by 2. */
    static Pipeline start(String pipelineName, TestDatabase warehouse, String sources, Map<String, String> env)
            throws Exception {
        Path file = Files.createTempFile("queue-", ".yaml");
        Files.writeString(file, "pipeline: " + pipelineName + "\nsources:\n" + sources
                + "warehouse: {type: postgres, url: \"" + warehouse.jdbcUrl() + "\", user: " + warehouse.user() + "}\n"
                + "http: {port: 0}\n");
        try {
            PipelineConfig config = PipelineLoader.load(file, env);
            return Pipeline.start(config);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Waits until {@code condition} holds; fails saying {@code what} did not happen. */
    static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The count a {@code SELECT count(*)} returns; 0 while the table does not exist yet. */
    static long count(TestDatabase warehouse, String sql) {
        try {
            return ((Number) warehouse.query(sql).get(0).get(0)).longValue();
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
