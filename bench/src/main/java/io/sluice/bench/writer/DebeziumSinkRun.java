package io.sluice.bench.writer;

import io.debezium.connector.jdbc.JdbcSinkConnectorTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Debezium's JDBC sink ({@code io.debezium:debezium-connector-jdbc}) driven the way a Kafka Connect
 * worker drives it: {@code start}, {@code open}, {@code put} with one consumer poll of records at a
 * time, {@code preCommit}, {@code close}, {@code stop}. Its {@code put} writes and commits before it
 * returns, so the time spent in {@code put} and {@code preCommit} is the time it takes to write.
 */
public final class DebeziumSinkRun {

    /**
     * The sink's settings that matter for speed; the rest is fixed below.
     *
     * @param batchSize       its {@code batch.size}, and the records per {@code put} (a worker would set
     *                        {@code consumer.override.max.poll.records} to match, as Debezium's docs advise)
     * @param reductionBuffer its {@code use.reduction.buffer}: merge changes per key within a put
     * @param unnest          PostgreSQL only: {@code dialect.postgres.unnest.insert.enabled}
     */
    public record Settings(int batchSize, boolean reductionBuffer, boolean unnest) {
        @Override
        public String toString() {
            return "batch.size=" + batchSize + " use.reduction.buffer=" + reductionBuffer
                    + (unnest ? " dialect.postgres.unnest.insert.enabled=true" : "");
        }
    }

    private final Settings settings;

    DebeziumSinkRun(Settings settings) {
        this.settings = settings;
    }

    /** The connector properties, as they would appear in the connector's configuration. */
    Map<String, String> properties(String jdbcUrl, String user, String password) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "bench-debezium-jdbc");
        props.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        props.put("topics", BenchTable.TOPIC);
        props.put("connection.url", jdbcUrl);
        props.put("connection.username", user);
        props.put("connection.password", password);
        props.put("insert.mode", "upsert");
        props.put("delete.enabled", "true");
        props.put("primary.key.mode", "record_key");
        props.put("schema.evolution", "basic");
        props.put("use.time.zone", "UTC");
        // The table is named after the source table, as Sluice names it.
        props.put("collection.name.format", "${source.table}");
        props.put("batch.size", Integer.toString(settings.batchSize()));
        props.put("use.reduction.buffer", Boolean.toString(settings.reductionBuffer()));
        if (settings.unnest()) {
            props.put("dialect.postgres.unnest.insert.enabled", "true");
        }
        return props;
    }

    /**
     * Writes all of {@code records} into the warehouse at {@code jdbcUrl}. Timed: {@code put} and
     * {@code preCommit}, including creating the table; not timed: making the records, and
     * {@code start}/{@code stop} (Hibernate's session factory and connection pool).
     */
    Throughput run(String jdbcUrl, String user, String password, ChangeRecords records) {
        JdbcSinkConnectorTask task = new JdbcSinkConnectorTask();
        TopicPartition partition = new TopicPartition(BenchTable.TOPIC, 0);
        task.start(properties(jdbcUrl, user, password));
        try {
            task.open(List.of(partition));
            long events = 0;
            long nanos = 0;
            while (records.hasNext()) {
                List<SinkRecord> batch = records.next(settings.batchSize());
                long start = System.nanoTime();
                task.put(batch);
                nanos += System.nanoTime() - start;
                events += batch.size();
                failIfPutFailed(task);
            }
            long start = System.nanoTime();
            task.preCommit(Map.of(partition, new OffsetAndMetadata(events)));
            nanos += System.nanoTime() - start;
            task.close(List.of(partition));
            return new Throughput(events, nanos);
        } finally {
            task.stop();
        }
    }

    /** The task keeps a failure of put to itself until the next put; a benchmark must not go on. */
    private static void failIfPutFailed(JdbcSinkConnectorTask task) {
        Throwable failure = task.getLastProcessingException();
        if (failure != null) {
            throw new IllegalStateException("Debezium's JDBC sink failed: " + failure, failure);
        }
    }
}
