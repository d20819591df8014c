package io.sluice.engine.events;

import static io.sluice.engine.events.QueuePipelines.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.nats.client.JetStream;
import io.nats.client.PublishOptions;
import io.sluice.engine.bench.EngineProcess;
import io.sluice.engine.bench.LoadedPipeline;
import io.sluice.engine.forward.TestBrokers;
import io.sluice.engine.pipeline.Await;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} reading a RabbitMQ queue, a NATS subject and a Kafka topic, when it is killed with SIGKILL
 * mid-stream again and again, then after a last run every message is in the warehouse and none twice:
 * each good message is its row, each misfit is in the quarantine table exactly once (quarantine is
 * append-only, so a message committed, not acknowledged and redelivered would show there twice), and
 * the brokers hold nothing unacknowledged.
 */
class QueueSourceKillTest {

    private static final int MESSAGES = 10_000;
    private static final int KILLS = 3;

    @TempDir
    Path folder;

    @Test
    void afterKillsMidStreamEveryMessageIsAppliedExactlyOnce() throws Exception {
        String name = "SLUICE_KILL_" + UUID.randomUUID().toString().replace("-", "");
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             com.rabbitmq.client.Connection rabbit = TestBrokers.connectRabbitMq(); Channel channel = rabbit.createChannel();
             io.nats.client.Connection nats = TestBrokers.nats();
             KafkaClusterTestKit kafka = TestBrokers.kafka()) {
            channel.queueDeclare(name, false, false, false, null);
            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin client = Admin.create(admin)) {
                client.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
            }
            TestBrokers.createStream(nats, name, name + ".>");
            try {
                JetStream js = nats.jetStream();
                Properties producerProps = new Properties();
                producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                        new ByteArraySerializer());
                int misfits = (MESSAGES + 19) / 20;
                for (int seq = 0; seq < MESSAGES; seq++) {
                    // Every 20th does not fit its table: it goes to quarantine, where a repeat would show.
                    boolean misfit = seq % 20 == 0;
                    byte[] body = ("{\"seq\": " + seq + (misfit ? ", \"bogus\": 1}" : ", \"value\": \"v\"}"))
                            .getBytes(StandardCharsets.UTF_8);
                    channel.basicPublish("", name, new AMQP.BasicProperties.Builder().messageId("m-" + seq).build(), body);
                    js.publishAsync(name + ".ticks", body, PublishOptions.builder().messageId("m-" + seq).build());
                    producer.send(new ProducerRecord<>(name, body));
                }
                producer.close();
                js.publish(name + ".ticks", "{\"seq\": -1, \"value\": \"last\"}".getBytes(StandardCharsets.UTF_8));
                int good = MESSAGES - misfits;
                Path file = Files.writeString(folder.resolve("kill.yaml"), """
                        pipeline: queuekill
                        sources:
                          - name: rabbit-in
                            type: rabbitmq
                            host: 127.0.0.1
                            user: guest
                            password: guest
                            batch-size: 50
                            tables:
                              - {name: rabbit_ticks, queue: %1$s, key: [seq], columns: {seq: bigint, value: text}}
                          - name: nats-in
                            type: nats
                            url: %2$s
                            stream: %1$s
                            batch-size: 50
                            tables:
                              - {name: nats_ticks, subject: %1$s.ticks, key: [seq], columns: {seq: bigint, value: text}}
                          - name: kafka-in
                            type: kafka
                            bootstrap-servers: %5$s
                            batch-size: 50
                            tables:
                              - {name: kafka_ticks, topic: %1$s, key: [seq], columns: {seq: bigint, value: text}}
                        warehouse: {type: postgres, url: "%3$s", user: %4$s, password: "${env:PG_PASSWORD}"}
                        http: {port: 0}
                        """.formatted(name, TestBrokers.NATS_URL, warehouse.jdbcUrl(), warehouse.user(),
                        kafka.bootstrapServers()));
                Map<String, String> env = Map.of("PG_PASSWORD", warehouse.password() == null ? "" : warehouse.password());
                Path log = folder.resolve("kill.log");
                Random random = new Random(11);
                for (int kill = 1; kill <= KILLS; kill++) {
                    long target = (long) kill * good / (KILLS + 1);
                    try (EngineProcess engine = EngineProcess.start(env, log, "run", file.toString())) {
                        Await.until("rows beyond " + target + " (run " + kill + ")", Duration.ofSeconds(120),
                                () -> rows(warehouse) >= target || !engine.isAlive());
                        assertThat(engine.isAlive()).as(LoadedPipeline.tail(engine.output())).isTrue();
                        Thread.sleep(random.nextInt(300));
                        engine.kill();
                    }
                }
                long killedAt = rows(warehouse);
                assertThat(killedAt).as("the kills came mid-stream").isLessThan(3L * good);
                try (EngineProcess engine = EngineProcess.start(env, log, "run", file.toString())) {
                    // NATS redelivers what a killed engine held once the ack wait (30 s) is over.
                    Await.until("every message committed and acknowledged", Duration.ofSeconds(180), () ->
                            rows(warehouse) == 3L * good + 1
                                    && channel.queueDeclarePassive(name).getMessageCount() == 0
                                    && natsPending(nats, name) == 0
                                    && count(warehouse, "SELECT count(*) FROM _sluice_quarantine") >= 3L * misfits);
                    Thread.sleep(1_000); // anything redelivered late would land now
                    assertThat(engine.terminate(60)).as(LoadedPipeline.tail(engine.output())).isZero();
                }
                assertThat(warehouse.query("SELECT source_table, count(*), count(DISTINCT payload) FROM _sluice_quarantine"
                        + " GROUP BY source_table ORDER BY source_table")).containsExactly(
                        List.of("kafka-in:kafka_ticks", (long) misfits, (long) misfits),
                        List.of("nats-in:nats_ticks", (long) misfits, (long) misfits),
                        List.of("rabbit-in:rabbit_ticks", (long) misfits, (long) misfits));
                for (String table : List.of("rabbit_ticks", "nats_ticks", "kafka_ticks")) {
                    assertThat(warehouse.query("SELECT count(*), count(*) FILTER (WHERE seq % 20 = 0) FROM " + table
                            + " WHERE seq >= 0")).as(table).containsExactly(List.of((long) good, 0L));
                }
                System.out.printf("queue sources after %d kills: %d rows at the last kill, %d of %d at the end%n",
                        KILLS, killedAt, rows(warehouse), 3L * good + 1);
            } finally {
                channel.queueDelete(name);
                TestBrokers.deleteStream(nats, name);
            }
        }
    }

    private static long rows(TestDatabase warehouse) {
        return count(warehouse, "SELECT count(*) FROM rabbit_ticks") + count(warehouse, "SELECT count(*) FROM nats_ticks")
                + count(warehouse, "SELECT count(*) FROM kafka_ticks");
    }

    private static long natsPending(io.nats.client.Connection nats, String stream) throws Exception {
        var info = nats.jetStreamManagement().getConsumerInfo(stream, "nats-in_nats_ticks");
        return info.getNumPending() + info.getNumAckPending();
    }
}
