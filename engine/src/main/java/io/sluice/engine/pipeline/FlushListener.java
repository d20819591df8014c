package io.sluice.engine.pipeline;

import io.sluice.connector.writer.FlushResult;

/** Told about every committed flush, e.g. to count it. */
@FunctionalInterface
public interface FlushListener {

    /**
     * @param events change events the flush covered, before merging
     * @param lagMillis source commit of its newest change to warehouse commit; -1 when unknown
     */
    void flushed(String source, int events, FlushResult result, long lagMillis);
}
