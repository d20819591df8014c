package io.sluice.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.EventSourceConfig;
import io.sluice.engine.offsets.CommittedOffsets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A {@code type: kafka} source. It assigns itself every partition of its topics — no consumer group,
 * nothing committed to Kafka: the next offset of each partition is written to the warehouse's offsets
 * table in the transaction that writes the rows, and each partition is sought to it on start. So a
 * message is applied exactly once, whatever stops the engine.
 */
final class KafkaEventSource extends QueueEventSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private KafkaConsumer<byte[], byte[]> consumer;

    private KafkaEventSource(String pipeline, EventSourceConfig config, EventWriter writer,
                             CommittedOffsets committed) {
        super(pipeline, config, writer, committed);
    }

    static KafkaEventSource start(String pipeline, EventSourceConfig config, EventWriter writer,
                                  CommittedOffsets committed) throws Exception {
        KafkaEventSource source = new KafkaEventSource(pipeline, config, writer, committed);
        source.start();
        return source;
    }

    @Override
    void connect() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.queue().bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-" + pipeline + "-" + config.name());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.queue().batchSize()));
        // A mistyped topic fails the start rather than be created empty and waited on.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // Read only what producers committed, should they write in transactions.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            assignAndSeek();
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    private void assignAndSeek() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : tableOf.keySet()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist at "
                        + config.queue().bootstrapServers());
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        Map<String, String> stored = committed.asStored();
        for (TopicPartition partition : partitions) {
            String offset = stored.get(partitionKey(partition));
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, nextOffset(offset));
            }
        }
    }

    @Override
    List<Message> receive() {
        List<Message> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            batch.add(new Message(tableOf.get(record.topic()), record.value(), null, record));
        }
        return batch;
    }

    @Override
    Map<String, String> offsetsAfter(List<Message> batch) {
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (Message message : batch) {
            ConsumerRecord<?, ?> record = (ConsumerRecord<?, ?>) message.handle();
            next.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
        }
        Map<String, String> offsets = new LinkedHashMap<>();
        next.forEach((partition, offset) -> offsets.put(partitionKey(partition),
                JSON.createObjectNode().put("offset", offset).toString()));
        return offsets;
    }

    @Override
    void acknowledge(List<Message> batch) {
        // Nothing to tell Kafka: the warehouse holds the offsets.
    }

    @Override
    void disconnect() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private String partitionKey(TopicPartition partition) {
        return JSON.createObjectNode().put("source", config.name()).put("topic", partition.topic())
                .put("partition", partition.partition()).toString();
    }

    private long nextOffset(String stored) {
        try {
            JsonNode offset = JSON.readTree(stored).get("offset");
            if (offset == null || !offset.canConvertToLong()) {
                throw new IllegalStateException("no offset in " + stored);
            }
            return offset.asLong();
        } catch (IOException e) {
            throw new IllegalStateException("source '" + config.name() + "': unreadable stored offset " + stored, e);
        }
    }
}
