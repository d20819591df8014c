package io.sluice.engine.forward;

import io.sluice.config.ForwardTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to a Kafka topic with an idempotent producer and {@code acks=all}: a batch counts as sent
 * when every in-sync replica has it. The key is the table and the row's key, so one row's changes share
 * a partition and keep their order; the header {@code sluice-id} carries the stable id.
 */
final class KafkaPublisher implements Publisher {

    static final String ID_HEADER = "sluice-id";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final ForwardTarget.Kafka target;
    private KafkaProducer<String, byte[]> producer;

    KafkaPublisher(ForwardTarget.Kafka target) {
        this.target = target;
    }

    @Override
    public void publish(List<OutboxTable.Row> batch) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(properties());
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        for (OutboxTable.Row row : batch) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(target.topic(), null,
                    row.table() + ":" + keyOf(row.payload()), row.payload().getBytes(StandardCharsets.UTF_8));
            record.headers().add(ID_HEADER, row.messageId().getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        producer.flush();
        for (Future<RecordMetadata> confirmation : sent) {
            confirmation.get(60, TimeUnit.SECONDS);
        }
    }

    /** The message's {@code key} object as JSON text. */
    private static String keyOf(String payload) throws java.io.IOException {
        return JSON.readTree(payload).path("key").toString();
    }

    private Properties properties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-forward-" + target.name());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // A broker that is down fails the batch within these bounds; the loop then backs off and retries.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return props;
    }

    @Override
    public void reset() {
        close();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
