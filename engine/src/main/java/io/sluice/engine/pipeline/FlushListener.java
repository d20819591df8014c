package io.sluice.engine.pipeline;

import io.sluice.connector.writer.FlushResult;

/** Told about every committed flush, e.g. to count it. */
@FunctionalInterface
public interface FlushListener {

    /**
     * @param captured  what the flush took from the source, before merging
     * @param result    what the writer wrote; its per-table keys are {@link #tableOf(String) writer keys}
     * @param lagMillis source commit of its newest change to warehouse commit; -1 when unknown
     */
    void flushed(String source, Captured captured, FlushResult result, long lagMillis);

    /** A flush the warehouse itself failed is about to be tried again (capture is paused meanwhile). */
    default void retrying(String source) {
    }

    /** Both listeners, in order. */
    static FlushListener both(FlushListener first, FlushListener second) {
        return new FlushListener() {
            @Override
            public void flushed(String source, Captured captured, FlushResult result, long lagMillis) {
                first.flushed(source, captured, result, lagMillis);
                second.flushed(source, captured, result, lagMillis);
            }

            @Override
            public void retrying(String source) {
                first.retrying(source);
                second.retrying(source);
            }
        };
    }

    /**
     * The source table of a key of {@link FlushResult#tables()}: the writer names tables
     * {@code source:schema.table}; a quarantined record that named no table keeps its topic.
     */
    static String tableOf(String writerKey) {
        int colon = writerKey.indexOf(':');
        return colon < 0 ? writerKey : writerKey.substring(colon + 1);
    }
}
