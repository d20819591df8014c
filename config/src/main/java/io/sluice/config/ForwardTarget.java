package io.sluice.config;

import java.util.List;
import java.util.Objects;

/**
 * One {@code forward:} target: where the committed, governed changes of every flush are sent on after
 * the warehouse holds them (through the outbox table, so a broker that is down delays them and loses
 * nothing). One record per kind of target; secrets never appear in {@code toString()}.
 */
public sealed interface ForwardTarget {

    int DEFAULT_BATCH_SIZE = 500;
    String DEFAULT_SIGNATURE_HEADER = "X-Sluice-Signature";

    /** Names the target in the outbox table, logs and status; unique within a pipeline. */
    String name();

    /** Source tables ({@code schema.table}) whose changes go to this target; empty for all. */
    List<String> tables();

    /** At most this many messages are read from the outbox and published before the broker must confirm. */
    int batchSize();

    ForwardType type();

    /** True when changes of this source table ({@code schema.table}) go to this target. */
    default boolean forwards(String table) {
        return tables().isEmpty() || tables().contains(table);
    }

    /** A Kafka topic; the producer waits for every in-sync replica ({@code acks=all}) and is idempotent. */
    record Kafka(String name, List<String> tables, int batchSize, String bootstrapServers, String topic)
            implements ForwardTarget {
        public Kafka {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(topic, "topic");
            tables = List.copyOf(tables);
        }

        @Override
        public ForwardType type() {
            return ForwardType.KAFKA;
        }
    }

    /**
     * A RabbitMQ exchange, with publisher confirms.
     *
     * @param uri        {@code amqp://user:password@host:port/vhost}; null when given as host, port, ...
     * @param routingKey null for the change's table ({@code schema.table})
     */
    record RabbitMq(String name, List<String> tables, int batchSize, String uri, String host, int port, String user,
                    String password, String virtualHost, String exchange, String routingKey) implements ForwardTarget {
        public RabbitMq {
            Objects.requireNonNull(exchange, "exchange");
            if (uri == null && host == null) {
                throw new IllegalArgumentException("a rabbitmq target needs a uri or a host");
            }
            tables = List.copyOf(tables);
        }

        @Override
        public ForwardType type() {
            return ForwardType.RABBITMQ;
        }

        @Override
        public String toString() {
            return "RabbitMq[name=" + name + ", uri=" + Redaction.maskUrl(uri) + ", host=" + host + ", port=" + port
                    + ", user=" + user + ", password=" + Redaction.mask(password) + ", exchange=" + exchange + "]";
        }
    }

    /** A NATS JetStream subject; {@code stream} when set must be the stream that stores it. */
    record Nats(String name, List<String> tables, int batchSize, String url, String stream, String subject)
            implements ForwardTarget {
        public Nats {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(subject, "subject");
            tables = List.copyOf(tables);
        }

        @Override
        public ForwardType type() {
            return ForwardType.NATS;
        }

        @Override
        public String toString() {
            return "Nats[name=" + name + ", url=" + Redaction.maskUrl(url) + ", stream=" + stream + ", subject="
                    + subject + "]";
        }
    }

    /** An HTTP endpoint that takes a POST of a JSON array, signed with HMAC-SHA-256 of the body. */
    record Webhook(String name, List<String> tables, int batchSize, String url, String secret, String signatureHeader)
            implements ForwardTarget {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(signatureHeader, "signatureHeader");
            tables = List.copyOf(tables);
        }

        @Override
        public ForwardType type() {
            return ForwardType.WEBHOOK;
        }

        @Override
        public String toString() {
            return "Webhook[name=" + name + ", url=" + Redaction.maskUrl(url) + ", secret=" + Redaction.mask(secret)
                    + ", signatureHeader=" + signatureHeader + "]";
        }
    }
}
