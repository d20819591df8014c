package io.sluice.connector.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.connector.buffer.Flush;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.writer.FlushResult;
import io.sluice.connector.writer.QuarantineTable;
import io.sluice.connector.writer.WarehouseDataSource;
import io.sluice.connector.writer.WarehouseWriter;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Debezium change events from Kafka into the warehouse, exactly once: the records Connect delivers
 * are read into a {@link ReductionBuffer}, and each flush writes the merged rows, the quarantined records
 * and the consumer offsets it covers in ONE warehouse transaction ({@link ConnectOffsetTable}).
 * {@link #open} rewinds the consumer to the offsets the warehouse holds, and {@link #preCommit} reports
 * only those, so Kafka's committed offsets never run ahead of the warehouse. A crash at any point leaves
 * the warehouse at some prefix of each partition, and the next owner of a partition resumes right after
 * it.
 *
 * <p>Connect calls every method from the task's one thread.
 */
public final class SluiceSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(SluiceSinkTask.class);

    /** Set by {@link SluiceSinkConnector#taskConfigs}: names the task's pool in logs. */
    static final String TASK_INDEX = "sluice.task.index";

    private static final long MAX_BACKOFF_MS = 30_000;

    private final ChangeEventReader reader = new ChangeEventReader();
    /** Per partition, the next offset the warehouse holds: what open() read or the last flush wrote. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Per partition, the offset of the first record in the buffer: where to rewind when a flush is lost. */
    private final Map<TopicPartition, Long> firstBuffered = new HashMap<>();
    /** Per partition, the next offset after the records in the buffer. */
    private final Map<TopicPartition, Long> buffered = new HashMap<>();

    private SluiceSinkConfig config;
    private String connector;
    private HikariDataSource dataSource;
    private WarehouseWriter writer;
    private ConnectOffsetTable offsets;
    private ReductionBuffer buffer;
    private long bufferedSinceNanos;

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public void start(Map<String, String> settings) {
        config = new SluiceSinkConfig(settings);
        connector = config.connectorName();
        String url = config.connectionUrl();
        DatabaseDialect dialect = Dialects.forJdbcUrl(url);
        String poolName = connector + "-" + settings.getOrDefault(TASK_INDEX, "task");
        try {
            dataSource = WarehouseDataSource.create(poolName, url, config.user(), config.password(), config.poolSize());
        } catch (RuntimeException e) {
            throw new ConnectException("cannot connect to the " + dialect.name() + " warehouse at "
                    + SluiceSinkConfig.redacted(url) + ": " + WarehouseCheck.rootMessage(e), e);
        }
        try {
            offsets = new ConnectOffsetTable(dataSource, dialect, config.warehouseSchema());
            offsets.createIfMissing();
        } catch (SQLException e) {
            dataSource.close();
            throw new ConnectException("cannot create the offsets table " + ConnectOffsetTable.TABLE + " in the "
                    + dialect.name() + " warehouse at " + SluiceSinkConfig.redacted(url) + ": " + e.getMessage(), e);
        }
        writer = new WarehouseWriter(dataSource, dialect, config.tableNaming(),
                new QuarantineTable(dialect, config.warehouseSchema(), config.quarantineOrigin()), config.writerOptions());
        Set<String> historyTables = Set.copyOf(config.historyTables());
        buffer = new ReductionBuffer(config.flushMaxRecords(), config.flushMaxBytes(),
                table -> historyTables.contains(table.schema() + "." + table.table()));
        LOG.info("Sluice sink task of '{}' started: {} warehouse at {}", connector, dialect.name(),
                SluiceSinkConfig.redacted(url));
    }

    /** Rewinds the consumer to what the warehouse holds of these partitions. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored;
        try {
            stored = offsets.load(connector, partitions);
        } catch (SQLException e) {
            throw new ConnectException("cannot read the offsets of " + partitions + " from the warehouse: "
                    + e.getMessage(), e);
        }
        committed.keySet().removeAll(partitions); // what this task knew of them before is stale now
        committed.putAll(stored);
        if (!stored.isEmpty()) {
            LOG.info("'{}' resumes from the warehouse's offsets {}", connector, stored);
            context.offset(stored);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            // The original position: what Connect commits, whatever a transform did to the topic.
            TopicPartition partition = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            long offset = record.originalKafkaOffset();
            Long done = committed.get(partition);
            if (done != null && offset < done) {
                continue; // already in the warehouse: delivered again before a rewind took effect
            }
            read(record);
            if (buffered.isEmpty()) {
                bufferedSinceNanos = System.nanoTime();
            }
            firstBuffered.putIfAbsent(partition, offset);
            buffered.put(partition, offset + 1);
            if (buffer.isFull()) {
                flush();
            }
        }
        if (!buffered.isEmpty()) {
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - bufferedSinceNanos);
            if (waitedMs >= config.flushMaxAgeMs()) {
                flush();
            } else {
                // Connect polls until the next offset commit when no record arrives; come back in time to flush.
                context.timeout(Math.max(1, config.flushMaxAgeMs() - waitedMs));
            }
        }
    }

    private void read(SinkRecord record) {
        if (record.value() != null && !(record.value() instanceof Struct)) {
            buffer.quarantine(Quarantined.of(record, null, "decode", "the record has no schema (a "
                    + record.value().getClass().getSimpleName() + "): the sink needs Debezium change events with their"
                    + " schemas, e.g. JsonConverter with schemas.enable=true, or Avro/Protobuf with a schema registry"));
            return;
        }
        reader.read(record, buffer);
    }

    /** Writes what is buffered; then reports, for the partitions asked about, what the warehouse holds. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        flush();
        Map<TopicPartition, OffsetAndMetadata> safe = new HashMap<>();
        for (TopicPartition partition : currentOffsets.keySet()) {
            Long offset = committed.get(partition);
            if (offset != null) {
                safe.put(partition, new OffsetAndMetadata(offset));
            }
        }
        return safe;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        try {
            flush();
        } finally {
            for (TopicPartition partition : partitions) {
                committed.remove(partition);
            }
        }
    }

    @Override
    public void stop() {
        try {
            if (buffer != null && !buffered.isEmpty()) {
                flush();
            }
        } finally {
            if (dataSource != null) {
                dataSource.close();
            }
            LOG.info("Sluice sink task of '{}' stopped", connector);
        }
    }

    /**
     * Writes the buffer and the offsets it covers in one transaction, retrying what the warehouse fails
     * to take. When the flush cannot be written, the records are dropped from memory and the consumer
     * rewound to them, so nothing is lost.
     */
    void flush() {
        if (buffered.isEmpty()) {
            return;
        }
        int events = buffer.eventCount();
        Flush flush = buffer.drain();
        Map<TopicPartition, Long> next = Map.copyOf(buffered);
        Map<TopicPartition, Long> rewindTo = new HashMap<>(firstBuffered);
        buffered.clear();
        firstBuffered.clear();
        Map<TopicPartition, Long> expected = new HashMap<>(committed);
        SQLException failure = null;
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                backOff(attempt, failure);
            }
            try {
                FlushResult result = writer.write(flush, offsets.participant(connector, expected, next));
                committed.putAll(next);
                LOG.debug("'{}' flushed {} changes: {} upserted, {} deleted, {} quarantined in {} ms; offsets {}",
                        connector, events, result.upserted(), result.deleted(), result.quarantined(),
                        TimeUnit.NANOSECONDS.toMillis(result.nanos()), next);
                return;
            } catch (ConnectOffsetTable.OffsetsMovedException moved) {
                resync(next.keySet(), rewindTo, moved);
                return;
            } catch (SQLException e) {
                failure = e;
            }
        }
        rewind(next.keySet(), rewindTo);
        throw new ConnectException("'" + connector + "': the warehouse did not take a flush of " + events
                + " changes after " + (config.maxRetries() + 1) + " attempts: " + failure.getMessage()
                + " (a restarted task resumes from the offsets the warehouse holds)", failure);
    }

    private void backOff(int attempt, SQLException failure) {
        long wait = Math.min(MAX_BACKOFF_MS, config.retryBackoffMs() << Math.min(attempt - 1, 20));
        LOG.warn("'{}': writing to the warehouse failed ({}); try {} of {} in {} ms", connector, failure.getMessage(),
                attempt + 1, config.maxRetries() + 1, wait);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while waiting to retry a flush", e);
        }
    }

    /**
     * Another task wrote one of this flush's partitions since this task last looked (this one lost it
     * in a rebalance it has not yet noticed, or it gets it back after a zombie's write): reread what the
     * warehouse holds and consume again from there. Nothing of this flush was written.
     */
    private void resync(Set<TopicPartition> partitions, Map<TopicPartition, Long> rewindTo,
                        ConnectOffsetTable.OffsetsMovedException moved) {
        LOG.warn("'{}': {}; rereading the warehouse's offsets of {}", connector, moved.getMessage(), partitions);
        try {
            for (TopicPartition partition : partitions) {
                committed.remove(partition);
            }
            committed.putAll(offsets.load(connector, partitions));
        } catch (SQLException e) {
            rewind(partitions, rewindTo);
            throw new ConnectException("cannot reread the offsets of " + partitions + " from the warehouse: "
                    + e.getMessage(), e);
        }
        rewind(partitions, rewindTo);
    }

    /** Seeks the consumer back to the warehouse's offset (or else the first record lost) of the partitions still assigned. */
    private void rewind(Set<TopicPartition> partitions, Map<TopicPartition, Long> firstLost) {
        Set<TopicPartition> assigned = new HashSet<>(context.assignment());
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long offset = committed.containsKey(partition) ? committed.get(partition) : firstLost.get(partition);
            if (assigned.contains(partition) && offset != null) {
                seek.put(partition, offset);
            }
        }
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
    }
}
