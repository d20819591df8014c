package io.sluice.engine.events;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.QueueConnection;
import io.sluice.engine.offsets.CommittedOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code type: rabbitmq} source: one consumer per queue on one channel, with manual acknowledgement
 * and a prefetch of {@code batch-size}, so the broker never sends more than that many unacknowledged
 * messages per queue. A batch is acknowledged (up to its last delivery tag) after its commit; until
 * then a lost connection makes the broker redeliver it, and the message ids recognise what was applied.
 */
final class RabbitMqEventSource extends QueueEventSource {

    private final BlockingQueue<Message> deliveries = new LinkedBlockingQueue<>();
    private volatile ShutdownSignalException shutdown;
    private Connection connection;
    private Channel channel;

    private RabbitMqEventSource(String pipeline, EventSourceConfig config, EventWriter writer,
                                CommittedOffsets committed) {
        super(pipeline, config, writer, committed);
    }

    static RabbitMqEventSource start(String pipeline, EventSourceConfig config, EventWriter writer,
                                     CommittedOffsets committed) throws Exception {
        RabbitMqEventSource source = new RabbitMqEventSource(pipeline, config, writer, committed);
        source.start();
        return source;
    }

    @Override
    void connect() throws Exception {
        QueueConnection queue = config.queue();
        ConnectionFactory factory = new ConnectionFactory();
        if (queue.uri() != null) {
            factory.setUri(queue.uri());
        } else {
            factory.setHost(queue.host());
            factory.setPort(queue.port());
            if (queue.user() != null) {
                factory.setUsername(queue.user());
            }
            if (queue.password() != null) {
                factory.setPassword(queue.password());
            }
            if (queue.virtualHost() != null) {
                factory.setVirtualHost(queue.virtualHost());
            }
        }
        // Recovery would silently re-subscribe with delivery tags that no longer match: fail the source instead.
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        connection = factory.newConnection("sluice-" + pipeline + "-" + config.name());
        connection.addShutdownListener(cause -> shutdown = cause);
        try {
            channel = connection.createChannel();
            channel.basicQos(queue.batchSize());
            for (Map.Entry<String, String> entry : tableOf.entrySet()) {
                String table = entry.getValue();
                channel.basicConsume(entry.getKey(), false, (tag, delivery) -> deliveries.add(new Message(table,
                                delivery.getBody(), delivery.getProperties().getMessageId(),
                                delivery.getEnvelope().getDeliveryTag())),
                        tag -> shutdown = new ShutdownSignalException(false, false, null,
                                "the broker cancelled the consumer of queue '" + entry.getKey() + "'"));
            }
        } catch (Exception e) {
            disconnect();
            throw e;
        }
    }

    @Override
    List<Message> receive() throws Exception {
        if (shutdown != null && !(shutdown.isInitiatedByApplication() && deliveries.isEmpty())) {
            throw new IllegalStateException("the connection to RabbitMQ closed: " + shutdown.getMessage(), shutdown);
        }
        List<Message> batch = new ArrayList<>();
        Message first = deliveries.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
            batch.add(first);
            deliveries.drainTo(batch, config.queue().batchSize() - 1);
        }
        return batch;
    }

    @Override
    Map<String, String> offsetsAfter(List<Message> batch) {
        return Map.of(); // the broker keeps the position; the message ids keep a redelivery from applying twice
    }

    @Override
    void acknowledge(List<Message> batch) throws Exception {
        long last = 0;
        for (Message message : batch) {
            last = Math.max(last, (Long) message.handle());
        }
        // Every earlier tag of this channel is in this batch or was acknowledged with an earlier one.
        channel.basicAck(last, true);
    }

    @Override
    void disconnect() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close(5_000);
            }
        } catch (Exception e) {
            // closing anyway; the broker requeues what was not acknowledged
        }
    }
}
