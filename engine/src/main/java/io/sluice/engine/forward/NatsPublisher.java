package io.sluice.engine.forward;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.sluice.config.ForwardTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes to a NATS JetStream subject: a batch counts as sent when the stream acknowledged every
 * message. {@code Nats-Msg-Id} is the stable id, so the stream itself drops a repeat within its
 * duplicate window.
 */
final class NatsPublisher implements Publisher {

    private final ForwardTarget.Nats target;
    private Connection connection;
    private JetStream jetStream;

    NatsPublisher(ForwardTarget.Nats target) {
        this.target = target;
    }

    @Override
    public void publish(List<OutboxTable.Row> batch) throws Exception {
        if (jetStream == null) {
            connect();
        }
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
        for (OutboxTable.Row row : batch) {
            PublishOptions.Builder options = PublishOptions.builder().messageId(row.messageId());
            if (target.stream() != null) {
                options.expectedStream(target.stream());
            }
            acks.add(jetStream.publishAsync(target.subject(), row.payload().getBytes(StandardCharsets.UTF_8),
                    options.build()));
        }
        for (CompletableFuture<PublishAck> ack : acks) {
            ack.get(30, TimeUnit.SECONDS); // a stream error (no stream for the subject, wrong stream) throws here
        }
    }

    private void connect() throws Exception {
        Options options = Options.builder()
                .server(target.url())
                .connectionName("sluice-forward-" + target.name())
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0) // the forwarding loop reconnects after its back-off
                .build();
        connection = Nats.connect(options);
        jetStream = connection.jetStream(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(10)).build());
    }

    @Override
    public void reset() {
        close();
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection = null;
            jetStream = null;
        }
    }
}
