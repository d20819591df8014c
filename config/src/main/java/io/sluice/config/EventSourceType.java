package io.sluice.config;

/**
 * A source that receives events rather than reading a database's log; written in the pipeline file in
 * lower case beside the {@link SourceType}s. Each hands the pipeline the same change records (DESIGN.md,
 * "Events that are not database changes").
 */
public enum EventSourceType {
    /** {@code POST /ingest/<table>} on the engine's HTTP server. */
    HTTP
}
