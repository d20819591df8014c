package io.sluice.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source that receives events (JSON objects) for tables declared in the pipeline file.
 *
 * @param name            unique within the pipeline, among all sources; part of offset keys
 * @param type            how the events arrive
 * @param token           the bearer token an HTTP client must send; a secret
 * @param format          how each JSON object is read
 * @param deleteField     in {@link EventFormat#ROWS}: the field whose value {@code "d"} makes the row a delete
 * @param eventIdField    a field whose value identifies an event, so a repeated one applies once; null for none
 * @param ignoreUnknownFields whether fields that are no declared column are left out (else the event is quarantined)
 * @param tables          the tables the events feed, at least one, names unique
 * @param maxRequestBytes the largest HTTP request body taken
 * @param maxQueuedEvents events waiting for the warehouse at most; beyond it requests are refused with 503
 * @param queue           where a queue source reads; null for {@code http}
 * @param dedupeWindow    how long the ids of applied events are kept: an event sent again later than this
 *                        after it was applied is applied again
 */
public record EventSourceConfig(String name, EventSourceType type, String token, EventFormat format, String deleteField,
                                String eventIdField, boolean ignoreUnknownFields, List<EventTable> tables,
                                long maxRequestBytes, int maxQueuedEvents, QueueConnection queue,
                                Duration dedupeWindow) {

    public static final String DEFAULT_DELETE_FIELD = "__op";
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;
    public static final int DEFAULT_MAX_QUEUED_EVENTS = 100_000;
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(168);

    public EventSourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(deleteField, "deleteField");
        tables = List.copyOf(tables);
        dedupeWindow = dedupeWindow == null ? DEFAULT_DEDUPE_WINDOW : dedupeWindow;
        if (dedupeWindow.isNegative() || dedupeWindow.isZero()) {
            throw new IllegalArgumentException("event source " + name + ": the dedupe window must be positive");
        }
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("event source " + name + " declares no table");
        }
        if (maxRequestBytes <= 0 || maxQueuedEvents <= 0) {
            throw new IllegalArgumentException("event source " + name + ": limits must be positive");
        }
        if ((type == EventSourceType.HTTP) != (queue == null)) {
            throw new IllegalArgumentException("event source " + name + ": a queue source, and only one, says where it reads");
        }
    }

    public Optional<EventTable> table(String tableName) {
        return tables.stream().filter(t -> t.name().equals(tableName)).findFirst();
    }

    @Override
    public String toString() {
        return "EventSourceConfig[name=" + name + ", type=" + type + ", token=" + Redaction.mask(token)
                + ", format=" + format + ", deleteField=" + deleteField + ", eventIdField=" + eventIdField
                + ", ignoreUnknownFields=" + ignoreUnknownFields + ", tables=" + tables
                + ", maxRequestBytes=" + maxRequestBytes + ", maxQueuedEvents=" + maxQueuedEvents + ", queue=" + queue
                + ", dedupeWindow=" + dedupeWindow + "]";
    }
}
