package io.sluice.engine.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One source of a running pipeline, as the pipeline, the status report and the metrics see it: a
 * database captured by Debezium, or a source that receives events (HTTP, queues).
 */
public interface Source extends AutoCloseable {

    /** Where a source is: connecting, capturing, stopped after {@link #close()}, or failed. */
    enum State { STARTING, RUNNING, STOPPED, FAILED }

    String name();

    /** As the pipeline file writes it, e.g. {@code postgres} or {@code http}. */
    String type();

    State state();

    /** Why the source failed; null while it has not. */
    String error();

    /** The tables it feeds, as the status report lists them before their first change. */
    List<String> tables();

    /** The source's estimate of each table's rows; a table without one is absent. */
    default Map<String, Long> estimatedRows() {
        return Map.of();
    }

    /** The offsets the warehouse holds for this source, as stored: serialized partition → serialized offset. */
    Map<String, String> committedOffsets();

    /** Completes when the source stops: normally after {@link #close()}, exceptionally when it failed. */
    CompletableFuture<Void> completion();

    /** Stops after the flush in progress commits. */
    @Override
    void close();
}
