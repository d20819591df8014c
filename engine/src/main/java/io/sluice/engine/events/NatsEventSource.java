package io.sluice.engine.events;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.impl.Headers;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.QueueConnection;
import io.sluice.engine.offsets.CommittedOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code type: nats} source: one durable pull consumer per table ({@code <consumer>_<table>}, explicit
 * acknowledgement) on the JetStream stream, fetched in batches of at most {@code batch-size}. A message
 * is acknowledged after its commit; one not acknowledged in time is redelivered by the stream, and its
 * {@code Nats-Msg-Id} (or event id) keeps it from being applied twice.
 */
final class NatsEventSource extends QueueEventSource {

    private static final Duration FIRST_WAIT = Duration.ofMillis(200);
    private static final Duration MORE_WAIT = Duration.ofMillis(10);

    private final Map<String, JetStreamSubscription> subscriptions = new LinkedHashMap<>();
    private Connection connection;

    private NatsEventSource(String pipeline, EventSourceConfig config, EventWriter writer,
                            CommittedOffsets committed) {
        super(pipeline, config, writer, committed);
    }

    static NatsEventSource start(String pipeline, EventSourceConfig config, EventWriter writer,
                                 CommittedOffsets committed) throws Exception {
        NatsEventSource source = new NatsEventSource(pipeline, config, writer, committed);
        source.start();
        return source;
    }

    @Override
    void connect() throws Exception {
        QueueConnection queue = config.queue();
        connection = Nats.connect(Options.builder().server(queue.url())
                .connectionName("sluice-" + pipeline + "-" + config.name())
                .connectionTimeout(Duration.ofSeconds(10)).build());
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            JetStream jetStream = connection.jetStream();
            for (Map.Entry<String, String> entry : tableOf.entrySet()) {
                String durable = queue.consumer() + "_" + entry.getValue();
                management.addOrUpdateConsumer(queue.stream(), ConsumerConfiguration.builder()
                        .durable(durable)
                        .filterSubject(entry.getKey())
                        .deliverPolicy(DeliverPolicy.All)
                        .ackPolicy(AckPolicy.Explicit)
                        .build());
                subscriptions.put(entry.getValue(), jetStream.subscribe(entry.getKey(),
                        PullSubscribeOptions.bind(queue.stream(), durable)));
            }
        } catch (Exception e) {
            disconnect();
            throw e;
        }
    }

    @Override
    List<Message> receive() throws Exception {
        if (connection.getStatus() == Connection.Status.CLOSED) {
            throw new IllegalStateException("the connection to NATS at " + config.queue().url() + " closed");
        }
        List<Message> batch = new ArrayList<>();
        int limit = config.queue().batchSize();
        for (Map.Entry<String, JetStreamSubscription> entry : subscriptions.entrySet()) {
            int room = limit - batch.size();
            if (room <= 0) {
                break;
            }
            // Wait for the first table only while nothing came; the others are asked without lingering.
            Duration wait = batch.isEmpty() && entry.getKey().equals(firstTable()) ? FIRST_WAIT : MORE_WAIT;
            for (io.nats.client.Message message : entry.getValue().fetch(room, wait)) {
                Headers headers = message.getHeaders();
                String id = headers == null ? null : headers.getFirst("Nats-Msg-Id");
                batch.add(new Message(entry.getKey(), message.getData(), id, message));
            }
        }
        return batch;
    }

    private String firstTable() {
        return subscriptions.keySet().iterator().next();
    }

    @Override
    Map<String, String> offsetsAfter(List<Message> batch) {
        return Map.of(); // the durable consumer keeps the position; the ids keep a redelivery from applying twice
    }

    @Override
    void acknowledge(List<Message> batch) throws Exception {
        for (Message message : batch) {
            ((io.nats.client.Message) message.handle()).ack();
        }
        connection.flush(Duration.ofSeconds(5));
    }

    @Override
    void disconnect() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
