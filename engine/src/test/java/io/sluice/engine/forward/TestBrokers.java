package io.sluice.engine.forward;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real brokers forwarding tests send to: the machine's RabbitMQ (127.0.0.1:5672, guest/guest) and
 * NATS with JetStream (127.0.0.1:4222), and an in-JVM Kafka (KRaft). A broker that cannot be had fails
 * the test with its name and address, never skips it.
 */
public final class TestBrokers {

    static final String RABBITMQ_HOST = "127.0.0.1";
    static final int RABBITMQ_PORT = 5672;
    public static final String NATS_URL = "nats://127.0.0.1:4222";

    /** A message as a consumer received it: the id the broker carried apart from the body, and the body. */
    record Received(String id, String payload) {
    }

    private TestBrokers() {
    }

    /** A one-node KRaft cluster in this JVM. */
    public static KafkaClusterTestKit kafka() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("auto.create.topics.enable", "true")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    /** Everything on a topic so far, with the {@code sluice-id} header as id. */
    static List<Received> readKafka(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<Received> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            // Assigned, not subscribed: no consumer group to join, and the end is known.
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader(KafkaPublisher.ID_HEADER);
                    received.add(new Received(id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
                            new String(record.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return received;
    }

    public static ConnectionFactory rabbitMq() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RABBITMQ_HOST);
        factory.setPort(RABBITMQ_PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    /** Declares a fanout exchange and a queue bound to it, both named {@code name}. */
    static void declareRabbitMq(String name) throws Exception {
        try (com.rabbitmq.client.Connection connection = connectRabbitMq(); Channel channel = connection.createChannel()) {
            channel.exchangeDeclare(name, "fanout", false, true, null);
            channel.queueDeclare(name, false, false, false, null);
            channel.queueBind(name, name, "");
        }
    }

    /** Takes everything waiting in the queue, with {@code message-id} as id. */
    static List<Received> drainRabbitMq(String queue) throws Exception {
        List<Received> received = new ArrayList<>();
        try (com.rabbitmq.client.Connection connection = connectRabbitMq(); Channel channel = connection.createChannel()) {
            com.rabbitmq.client.GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                received.add(new Received(response.getProps().getMessageId(),
                        new String(response.getBody(), StandardCharsets.UTF_8)));
            }
        }
        return received;
    }

    static void deleteRabbitMq(String name) throws Exception {
        try (com.rabbitmq.client.Connection connection = connectRabbitMq(); Channel channel = connection.createChannel()) {
            channel.queueDelete(name);
            channel.exchangeDelete(name);
        }
    }

    public static com.rabbitmq.client.Connection connectRabbitMq() throws Exception {
        try {
            return rabbitMq().newConnection();
        } catch (java.io.IOException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("RabbitMQ is not reachable at " + RABBITMQ_HOST + ":" + RABBITMQ_PORT
                    + " as guest/guest (" + e + "); install and start rabbitmq-server (.ci/run does)", e);
        }
    }

    public static Connection nats() throws Exception {
        try {
            return Nats.connect(NATS_URL);
        } catch (java.io.IOException e) {
            throw new AssertionError("NATS is not reachable at " + NATS_URL + " (" + e
                    + "); install and start nats-server with JetStream (-js; .ci/run does)", e);
        }
    }

    /** A memory stream {@code name} storing {@code subject}. */
    public static void createStream(Connection nats, String name, String subject) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(name).subjects(subject).storageType(StorageType.Memory)
                .duplicateWindow(Duration.ofMinutes(2)).build());
    }

    /** Every message the stream holds, with the {@code Nats-Msg-Id} header as id. */
    static List<Received> readStream(Connection nats, String stream) throws Exception {
        JetStreamManagement jsm = nats.jetStreamManagement();
        long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
        List<Received> received = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            var message = jsm.getMessage(stream, seq);
            received.add(new Received(message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id"),
                    new String(message.getData(), StandardCharsets.UTF_8)));
        }
        return received;
    }

    public static void deleteStream(Connection nats, String stream) {
        try {
            nats.jetStreamManagement().deleteStream(stream);
        } catch (Exception ignored) {
            // not created
        }
    }
}
