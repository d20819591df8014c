package io.sluice.config;

/**
 * Where a queue event source ({@code kafka}, {@code rabbitmq}, {@code nats}) reads; the fields of the
 * other brokers are null. Secrets never appear in {@code toString()}.
 *
 * @param bootstrapServers kafka: {@code host:port} pairs
 * @param uri              rabbitmq: {@code amqp://user:password@host:port/vhost}; null when given as host, ...
 * @param host             rabbitmq, without uri
 * @param port             rabbitmq, without uri
 * @param user             rabbitmq, without uri; null for the client's default
 * @param password         rabbitmq, without uri; a secret
 * @param virtualHost      rabbitmq, without uri; null for the default
 * @param url              nats: the server
 * @param stream           nats: the JetStream stream that stores the tables' subjects
 * @param consumer         nats: the durable consumer name (one consumer per table: {@code <consumer>_<table>})
 * @param batchSize        messages read and held at most before one commit (Kafka's {@code max.poll.records},
 *                         RabbitMQ's prefetch, a NATS pull's batch): what bounds the memory a source uses
 */
public record QueueConnection(String bootstrapServers, String uri, String host, int port, String user,
                              String password, String virtualHost, String url, String stream, String consumer,
                              int batchSize) {

    public static final int DEFAULT_BATCH_SIZE = 500;

    public QueueConnection {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch-size must be positive");
        }
    }

    @Override
    public String toString() {
        return "QueueConnection[bootstrapServers=" + bootstrapServers + ", uri=" + Redaction.mask(uri)
                + ", host=" + host + ", port=" + port + ", user=" + user + ", password=" + Redaction.mask(password)
                + ", virtualHost=" + virtualHost + ", url=" + url + ", stream=" + stream + ", consumer=" + consumer
                + ", batchSize=" + batchSize + "]";
    }
}
