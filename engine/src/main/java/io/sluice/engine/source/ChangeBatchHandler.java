package io.sluice.engine.source;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.writer.FlushResult;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.offsets.OffsetCodec;
import io.sluice.engine.offsets.OffsetTable;
import io.sluice.engine.pipeline.Captured;
import io.sluice.engine.pipeline.FlushListener;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Takes Debezium's batches for one source and makes them durable: merges the changes per key, writes
 * them with the batch's last offsets in one warehouse transaction, and only then tells the engine the
 * records are processed. A batch larger than the flush's byte bound is written in several flushes.
 *
 * <p>Debezium calls it from one thread, in source order.
 */
final class ChangeBatchHandler implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private final String pipeline;
    private final String source;
    private final ChangeEventReader reader = new ChangeEventReader();
    private final ReductionBuffer buffer;
    private final WarehouseWriter writer;
    private final OffsetTable offsetTable;
    private final OffsetCodec codec;
    private final CommittedOffsets committed;
    private final FlushListener listener;
    private final GovernanceChain governance;
    /** Change events per source table since the last flush; read and replaced by {@link #flush}. */
    private Map<String, Integer> capturedByTable = new HashMap<>();
    /** Of those, the snapshot reads. */
    private Map<String, Integer> snapshotByTable = new HashMap<>();
    /** Whether the snapshot's last record is among them. */
    private boolean snapshotCompleted;

    ChangeBatchHandler(String pipeline, String source, ReductionBuffer buffer, WarehouseWriter writer,
                       OffsetTable offsetTable, OffsetCodec codec, CommittedOffsets committed, FlushListener listener,
                       GovernanceChain governance) {
        this.pipeline = pipeline;
        this.source = source;
        this.buffer = buffer;
        this.writer = writer;
        this.offsetTable = offsetTable;
        this.codec = codec;
        this.committed = committed;
        this.listener = listener;
        this.governance = governance;
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        Map<String, String> offsets = new LinkedHashMap<>();
        int firstUnflushed = 0;
        long sourceTimestamp = -1;
        for (int i = 0; i < batch.size(); i++) {
            SourceRecord record = batch.get(i).record();
            countCaptured(record);
            SourceRecord governed = governance.apply(record, buffer::quarantine);
            if (governed != null) {
                reader.read(governed, buffer);
            }
            if (record.sourcePartition() != null && record.sourceOffset() != null) {
                offsets.put(codec.key(record.sourcePartition()), codec.value(record.sourceOffset()));
            }
            sourceTimestamp = Math.max(sourceTimestamp, sourceTimestampOf(record));
            if (buffer.isFull()) {
                flush(offsets, sourceTimestamp);
                markProcessed(batch, firstUnflushed, i + 1, committer);
                firstUnflushed = i + 1;
                offsets = new LinkedHashMap<>();
            }
        }
        if (firstUnflushed < batch.size()) {
            flush(offsets, sourceTimestamp);
            markProcessed(batch, firstUnflushed, batch.size(), committer);
        }
        committer.markBatchFinished();
    }

    private void flush(Map<String, String> offsets, long sourceTimestamp) {
        int events = buffer.eventCount();
        try {
            FlushResult result = writer.write(buffer.drain(), offsetTable.participant(pipeline, source, offsets));
            committed.advance(offsets);
            long lag = sourceTimestamp > 0 ? System.currentTimeMillis() - sourceTimestamp : -1;
            Captured captured = new Captured(events, capturedByTable, snapshotByTable, snapshotCompleted);
            capturedByTable = new HashMap<>();
            snapshotByTable = new HashMap<>();
            snapshotCompleted = false;
            listener.flushed(source, captured, result, lag);
        } catch (SQLException e) {
            // Not Kafka's RetriableException: the engine would drop the batch and poll on.
            throw new WarehouseWriteException("source '" + source + "': writing " + events
                    + " changes to the warehouse failed: " + e.getMessage(), e);
        }
    }

    /** Counts a row change (not a heartbeat or schema message) under its source table, and snapshot reads apart. */
    private void countCaptured(SourceRecord record) {
        if (record.value() instanceof Struct envelope && envelope.schema().field("op") != null
                && envelope.schema().field("source") != null && envelope.getStruct("source") != null) {
            Struct from = envelope.getStruct("source");
            // PostgreSQL names a schema; MySQL/MariaDB name a database (as ChangeEventReader does).
            String schema = from.schema().field("schema") != null ? from.getString("schema") : null;
            if (schema == null && from.schema().field("db") != null) {
                schema = from.getString("db");
            }
            String table = from.schema().field("table") != null ? from.getString("table") : null;
            if (table != null) {
                String name = schema == null ? table : schema + "." + table;
                capturedByTable.merge(name, 1, Integer::sum);
                if ("r".equals(envelope.getString("op"))) {
                    snapshotByTable.merge(name, 1, Integer::sum);
                }
            }
            // Debezium marks the snapshot's very last read "last" (each table's last "last_in_data_collection").
            if (from.schema().field("snapshot") != null && "last".equals(String.valueOf(from.get("snapshot")))) {
                snapshotCompleted = true;
            }
        }
    }

    private static void markProcessed(List<RecordChangeEvent<SourceRecord>> batch, int from, int to,
                                      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        for (int i = from; i < to; i++) {
            committer.markProcessed(batch.get(i));
        }
    }

    /**
     * The source's commit time of a streamed change ({@code source.ts_ms}); -1 for snapshot reads (their
     * time is when the snapshot began, not a commit) and records without one.
     */
    private static long sourceTimestampOf(SourceRecord record) {
        if (record.value() instanceof Struct envelope && envelope.schema().field("source") != null
                && envelope.schema().field("op") != null && !"r".equals(envelope.getString("op"))) {
            Struct source = envelope.getStruct("source");
            if (source != null && source.schema().field("ts_ms") != null && source.get("ts_ms") != null) {
                return source.getInt64("ts_ms");
            }
        }
        return -1;
    }
}
