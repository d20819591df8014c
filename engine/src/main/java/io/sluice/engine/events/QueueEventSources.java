package io.sluice.engine.events;

import io.sluice.config.EventSourceConfig;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.source.Source;

/** Starts the queue source a {@code type: kafka | rabbitmq | nats} entry names. */
public final class QueueEventSources {

    private QueueEventSources() {
    }

    /** Connects to the broker and starts receiving; a broker that cannot be reached throws here. */
    public static Source start(String pipeline, EventSourceConfig config, EventWriter writer,
                               CommittedOffsets committed) throws Exception {
        return switch (config.type()) {
            case KAFKA -> KafkaEventSource.start(pipeline, config, writer, committed);
            case RABBITMQ -> RabbitMqEventSource.start(pipeline, config, writer, committed);
            case NATS -> NatsEventSource.start(pipeline, config, writer, committed);
            case HTTP -> throw new IllegalArgumentException("an http source is no queue source");
        };
    }
}
