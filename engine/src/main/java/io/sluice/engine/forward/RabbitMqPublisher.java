package io.sluice.engine.forward;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sluice.config.ForwardTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes to a RabbitMQ exchange with publisher confirms: a batch counts as sent when the broker has
 * acknowledged every message. Messages are persistent and {@code mandatory}: one that no queue takes
 * comes back and fails the batch, rather than vanish. {@code message-id} carries the stable id.
 */
final class RabbitMqPublisher implements Publisher {

    private static final long CONFIRM_TIMEOUT_MS = 30_000;

    private final ForwardTarget.RabbitMq target;
    private final AtomicInteger returned = new AtomicInteger();
    private Connection connection;
    private Channel channel;

    RabbitMqPublisher(ForwardTarget.RabbitMq target) {
        this.target = target;
    }

    @Override
    public void publish(List<OutboxTable.Row> batch) throws Exception {
        if (channel == null) {
            connect();
        }
        returned.set(0);
        for (OutboxTable.Row row : batch) {
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(row.messageId())
                    .contentType("application/json")
                    .deliveryMode(2)
                    .build();
            String routingKey = target.routingKey() != null ? target.routingKey() : row.table();
            channel.basicPublish(target.exchange(), routingKey, true, properties,
                    row.payload().getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        // The broker returns an unroutable mandatory message before it confirms it.
        if (returned.get() > 0) {
            throw new IllegalStateException(returned.get() + " messages were not taken by any queue bound to exchange '"
                    + target.exchange() + "'; bind a queue to it");
        }
    }

    private void connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        if (target.uri() != null) {
            factory.setUri(target.uri());
        } else {
            factory.setHost(target.host());
            factory.setPort(target.port());
            if (target.user() != null) {
                factory.setUsername(target.user());
            }
            if (target.password() != null) {
                factory.setPassword(target.password());
            }
            if (target.virtualHost() != null) {
                factory.setVirtualHost(target.virtualHost());
            }
        }
        // The forwarding loop reconnects after its back-off; the client's own recovery would hide failures.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        connection = factory.newConnection("sluice-forward-" + target.name());
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.addReturnListener(message -> returned.incrementAndGet());
    }

    @Override
    public void reset() {
        close();
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.abort(2_000);
            }
        } finally {
            connection = null;
            channel = null;
        }
    }
}
