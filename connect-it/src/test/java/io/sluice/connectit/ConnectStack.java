package io.sluice.connectit;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * One test's stack: a KRaft broker and Connect workers in this JVM (Kafka's own test fixture), a source
 * PostgreSQL database with logical decoding, and a PostgreSQL warehouse database. The workers find Sluice
 * on their {@code plugin.path} only; Debezium's PostgreSQL connector is on the classpath, as a worker's
 * bundled connector would be.
 */
final class ConnectStack implements AutoCloseable {

    static final String SINK_CLASS = "io.sluice.connector.sink.SluiceSinkConnector";
    static final String SOURCE_CLASS = "io.debezium.connector.postgresql.PostgresConnector";
    private static final AtomicInteger STACKS = new AtomicInteger();

    final EmbeddedConnectCluster connect;
    final TestDatabase source;
    final TestDatabase warehouse;
    /** Unique per stack: Debezium's slot and publication, and the topic prefix. */
    final String id;

    ConnectStack(int workers) {
        id = "it" + ProcessHandle.current().pid() + "_" + STACKS.incrementAndGet();
        source = TestDatabases.postgres().createDatabase();
        warehouse = TestDatabases.postgres().createDatabase();
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.path", PluginArchive.pluginPath().toString());
        // Manifests only (what Connect recommends, and what the plugin must ship); quicker than scanning.
        worker.put("plugin.discovery", "service_load");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // Sink tasks are asked to commit (and so to flush) every second.
        worker.put("offset.flush.interval.ms", "1000");
        // Tasks of a worker that left move to the others after 2 s, not Connect's default 5 min.
        worker.put("scheduled.rebalance.max.delay.ms", "2000");
        worker.put("connector.client.config.override.policy", "All");
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        connect = new EmbeddedConnectCluster.Builder()
                .name("sluice-" + id)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(worker)
                .brokerProps(broker)
                .build();
        connect.start();
    }

    /** Debezium's PostgreSQL connector on {@link Shop}'s tables, topics with {@code partitions} partitions each. */
    Map<String, String> debeziumSource(int partitions) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SOURCE_CLASS);
        config.put("tasks.max", "1");
        config.put("database.hostname", source.host());
        config.put("database.port", Integer.toString(source.port()));
        config.put("database.user", source.user());
        config.put("database.password", source.password());
        config.put("database.dbname", source.name());
        config.put("topic.prefix", id);
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", "slot_" + id);
        config.put("publication.name", "pub_" + id);
        config.put("publication.autocreate.mode", "filtered");
        config.put("table.include.list", Shop.tableList());
        config.put("skipped.operations", "none");
        config.put("decimal.handling.mode", "precise");
        config.put("time.precision.mode", "adaptive_time_microseconds");
        config.put("topic.creation.default.partitions", Integer.toString(partitions));
        config.put("topic.creation.default.replication.factor", "1");
        return config;
    }

    /** Sluice's sink on every topic of the source, into the warehouse database. */
    Map<String, String> sluiceSink(int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SINK_CLASS);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics.regex", id + "\\.public\\..*");
        config.put("connection.url", warehouse.jdbcUrl());
        config.put("connection.user", warehouse.user());
        config.put("connection.password", warehouse.password());
        config.put("flush.max.age.ms", "200");
        return config;
    }

    /** Waits for Debezium's topics of these tables: a sink subscribed by regex sees later topics only after its metadata refresh. */
    void awaitTopics(String... tables) throws InterruptedException {
        String[] topics = java.util.Arrays.stream(tables).map(this::topic).toArray(String[]::new);
        connect.assertions().assertTopicsExist(topics);
    }

    String topic(String table) {
        return id + ".public." + table;
    }

    void awaitRunning(String connector, int tasks) throws InterruptedException {
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(connector, tasks,
                connector + " did not start with " + tasks + " running task(s)");
    }

    /** Waits until {@code actual} equals {@code expected}, both read again each time; fails with the last difference. */
    static <T> void awaitEqual(String what, Supplier<T> expected, Supplier<T> actual, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        T want;
        T have;
        do {
            want = expected.get();
            have = actual.get();
            if (Objects.equals(want, have)) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        org.assertj.core.api.Assertions.assertThat(have).as(what + " after " + timeout.toSeconds() + " s").isEqualTo(want);
    }

    /** Rows of a table in source and warehouse, compared by these columns. */
    void awaitTablesEqual(List<String> tables, Duration timeout) throws InterruptedException {
        for (String table : tables) {
            String query = "SELECT * FROM " + table + " ORDER BY 1, 2";
            awaitEqual("warehouse table " + table, () -> Shop.rows(source, query), () -> Shop.rows(warehouse, query),
                    timeout);
        }
    }

    @Override
    public void close() {
        try {
            connect.stop();
        } finally {
            source.close();
            warehouse.close();
        }
    }
}
