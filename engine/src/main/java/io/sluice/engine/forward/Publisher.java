package io.sluice.engine.forward;

import io.sluice.config.ForwardTarget;
import java.util.List;

/**
 * Sends a batch of outbox rows to one target and returns only once the target confirmed every one of
 * them; throws when it did not, and the batch is sent again later (at least once: the stable id lets
 * consumers drop the repeats). Connects lazily and again after a failure; used by one thread.
 */
interface Publisher extends AutoCloseable {

    void publish(List<OutboxTable.Row> batch) throws Exception;

    /** Drops the connection after a failure, so the next publish starts afresh. */
    void reset();

    @Override
    void close();

    static Publisher of(ForwardTarget target) {
        // Java 17 has no pattern switch; the interface is sealed, so this list is complete.
        if (target instanceof ForwardTarget.Kafka kafka) {
            return new KafkaPublisher(kafka);
        } else if (target instanceof ForwardTarget.RabbitMq rabbit) {
            return new RabbitMqPublisher(rabbit);
        } else if (target instanceof ForwardTarget.Nats nats) {
            return new NatsPublisher(nats);
        }
        return new WebhookPublisher((ForwardTarget.Webhook) target);
    }
}
