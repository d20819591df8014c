package io.sluice.config;

/**
 * A source that receives events rather than reading a database's log; written in the pipeline file in
 * lower case beside the {@link SourceType}s. Each hands the pipeline the same change records (DESIGN.md,
 * "Events that are not database changes").
 */
public enum EventSourceType {
    /** {@code POST /ingest/<table>} on the engine's HTTP server. */
    HTTP,
    /** Topics of a Kafka cluster; consumer offsets are kept in the warehouse with the rows. */
    KAFKA,
    /** Queues of a RabbitMQ broker (AMQP 0-9-1); a message is acknowledged after its commit. */
    RABBITMQ,
    /** Subjects of a NATS JetStream stream, read by durable pull consumers; acknowledged after the commit. */
    NATS
}
