package io.sluice.engine.source;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.sluice.config.RetryConfig;
import io.sluice.connector.buffer.Flush;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.EnvelopeFields;
import io.sluice.connector.writer.FlushResult;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.connector.writer.WriteBehind;
import io.sluice.connector.change.Quarantined;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.offsets.OffsetCodec;
import io.sluice.engine.offsets.OffsetTable;
import io.sluice.engine.pipeline.Captured;
import io.sluice.engine.pipeline.FlushListener;
import java.util.ArrayList;
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
 * Flushes are written by a {@link WriteBehind} thread while the next one is gathered, one in flight at most.
 *
 * <p>A flush the warehouse fails to take because of the warehouse itself is tried again by the
 * {@link RetryingWriter}; all the while the next flush cannot be handed over, so this method does not
 * return, Debezium's bounded queue fills and capture waits. Past the retry budget the source fails; nothing of the flush was committed, so a
 * restart resumes before it.
 *
 * <p>Debezium calls it from one thread, in source order; batches are gathered until the buffer is full or
 * {@code flush.max-age} old, and {@link #flushIfDue} flushes them from a timer when the source goes quiet.
 * Stopping the engine interrupts the flushing thread, which ends a wait between retries at once.
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
    private final SnapshotProgress snapshotProgress;
    private final java.util.function.Predicate<SourceRecord> excluded;
    private final RetryingWriter retryingWriter;
    private final SnapshotRestart snapshotRestart;
    /** Writes the flush's committed changes to the outbox, to be forwarded: see {@code engine.forward}. */
    private final TransactionParticipant outbox;
    /** The next flush is the first of a snapshot that starts over: see {@link SnapshotRestart}. */
    private boolean restartingSnapshot;
    /** Change events per source table since the last flush; read and replaced by {@link #flush}. */
    private Map<String, Integer> capturedByTable = new HashMap<>();
    /** Of those, the snapshot reads. */
    private Map<String, Integer> snapshotByTable = new HashMap<>();
    /** Whether the snapshot's last record is among them. */
    private boolean snapshotCompleted;
    /**
     * Counts of the current run of one table's events, folded into the maps when the table changes or the
     * flush comes: no map update and no boxed count per event.
     */
    private String countingTable;
    private int countingCaptured;
    private int countingSnapshot;

    // Records read into the buffer but not yet flushed: Debezium hands over small batches often (its poll
    // interval is short, so a gap in the source stream costs little lag), and they are gathered here until the
    // buffer is full or the oldest is flush.max-age old. Guarded by lock: the age flush runs on another thread.
    private final Object lock = new Object();
    private final long maxAgeNanos;
    /** Gathered records a Debezium engine handed over, to be marked processed once their flush commits. */
    private List<RecordChangeEvent<SourceRecord>> pending = new ArrayList<>();
    /** Records gathered since the last flush, {@link #pending}'s and the snapshot's alike. */
    private int gathered;
    /** The last offset per source partition, serialized only when a flush writes it (per record it costs more). */
    private Map<Map<String, ?>, Map<String, ?>> pendingOffsets = new LinkedHashMap<>();
    private long pendingTimestamp = -1;
    private long pendingSince;
    /** Writes each flush while the next is gathered; see {@link WriteBehind}. */
    private final WriteBehind writeBehind;
    /**
     * Records of committed flushes, to be marked processed on the engine's thread (Debezium's committer is not
     * thread-safe) at its next batch. Until then only the slot's confirmation waits; the warehouse holds the
     * rows and offsets already.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<RecordChangeEvent<SourceRecord>> committedRecords =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private RuntimeException ageFlushFailure;
    /** The op and source block of each record, read by field. Guarded by lock. */
    private final EnvelopeFields envelopeFields = new EnvelopeFields();
    /** The source block last counted and its table's name: records of one snapshot batch share the block. */
    private Struct lastSource;
    private String lastSourceTable;
    private boolean lastSourceEndsSnapshot;

    /** @param warehouse what the warehouse is and where, without credentials, for messages */
    ChangeBatchHandler(String pipeline, String source, ReductionBuffer buffer, WarehouseWriter writer,
                       OffsetTable offsetTable, OffsetCodec codec, CommittedOffsets committed, FlushListener listener,
                       GovernanceChain governance, SnapshotProgress snapshotProgress,
                       java.util.function.Predicate<SourceRecord> excluded, RetryConfig retry, String warehouse,
                       SnapshotRestart snapshotRestart, TransactionParticipant outbox, java.time.Duration maxAge) {
        this.maxAgeNanos = maxAge.toNanos();
        this.pipeline = pipeline;
        this.source = source;
        this.buffer = buffer;
        this.writer = writer;
        this.offsetTable = offsetTable;
        this.codec = codec;
        this.committed = committed;
        this.listener = listener;
        this.governance = governance;
        this.snapshotProgress = snapshotProgress;
        this.excluded = excluded;
        this.retryingWriter = new RetryingWriter(source, writer, retry, warehouse, listener);
        this.snapshotRestart = snapshotRestart;
        this.outbox = outbox;
        this.writeBehind = new WriteBehind("sluice-write-" + source);
    }

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        handle(batch, committer);
    }

    /**
     * A batch read by Sluice's own snapshot ({@link ParallelSnapshot}): no Debezium engine handed it over, so
     * none is told, and its records are not kept once read. Kept until their flush committed, as a Debezium
     * engine's must be, they stayed alive beside what the buffer holds of them, and with governance (which
     * makes each a new record) young collections copied both (governance benchmark, 3M rows, five rules:
     * 3,897 collector samples kept, 3,156 not; no rules: 1,892 and 1,849).
     */
    void handleSnapshotBatch(List<RecordChangeEvent<SourceRecord>> batch) throws InterruptedException {
        handle(batch, null);
    }

    /** @param committer null for a batch with nobody to tell */
    private void handle(List<RecordChangeEvent<SourceRecord>> batch,
                        DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        // Governed before the lock is taken: ParallelSnapshot's readers hand batches over from several threads,
        // and the rules (thread-safe, as in Connect) then run on all of them at once.
        Map<Integer, List<Quarantined>> quarantinedAt = new HashMap<>(0);
        SourceRecord[] governedRecords = govern(batch, quarantinedAt);
        synchronized (lock) {
            failIfAgeFlushFailed();
            writeBehind.throwIfFailed();
            markCommitted(committer);
            for (int i = 0; i < governedRecords.length; i++) {
                RecordChangeEvent<SourceRecord> event = batch.get(i);
                SourceRecord record = event.record();
                if (gathered++ == 0) {
                    pendingSince = System.nanoTime();
                }
                if (committer != null) {
                    pending.add(event);
                }
                Struct envelope = envelopeFields.envelope(record);
                if (envelope != null) {
                    countCaptured(envelope);
                }
                if (snapshotRestart.beginsWith(record)) {
                    snapshotRestart.emptyTables(buffer, record);
                    restartingSnapshot = true;
                }
                List<Quarantined> quarantined = quarantinedAt.get(i);
                if (quarantined != null) {
                    quarantined.forEach(buffer::quarantine);
                }
                SourceRecord governed = governedRecords[i];
                if (governed != null) {
                    reader.read(governed, buffer);
                }
                if (record.sourcePartition() != null && record.sourceOffset() != null) {
                    pendingOffsets.put(record.sourcePartition(), record.sourceOffset());
                }
                if (envelope != null) {
                    pendingTimestamp = Math.max(pendingTimestamp, sourceTimestampOf(envelope));
                }
                if (buffer.isFull()) {
                    flushPending();
                }
            }
            if (isDue()) {
                flushPending();
            }
            markCommitted(committer);
        }
    }

    /**
     * Each record of the batch after the governance rules, null when dropped; what a rule quarantined, by the
     * record's index. An excluded table's change is dropped, but its offset counts like any other.
     */
    private SourceRecord[] govern(List<RecordChangeEvent<SourceRecord>> batch, Map<Integer, List<Quarantined>> quarantinedAt) {
        SourceRecord[] governed = new SourceRecord[batch.size()];
        for (int i = 0; i < governed.length; i++) {
            SourceRecord record = batch.get(i).record();
            int index = i;
            governed[i] = excluded.test(record) ? null : governance.apply(record,
                    quarantined -> quarantinedAt.computeIfAbsent(index, any -> new ArrayList<>(1)).add(quarantined));
        }
        return governed;
    }

    /**
     * Ends a snapshot {@link ParallelSnapshot} read: the rows gathered last are written with {@code offset} (the
     * completed snapshot's) in one transaction, and this returns once every flush has committed. The records of
     * the snapshot's flushes are forgotten: no Debezium engine handed them over, none is to be told.
     */
    void completeSnapshot(Map<String, ?> partition, Map<String, ?> offset) throws InterruptedException {
        synchronized (lock) {
            failIfAgeFlushFailed();
            writeBehind.throwIfFailed();
            pendingOffsets.put(partition, offset);
            snapshotCompleted = true;
            snapshotProgress.finish();
            flushPending();
        }
        writeBehind.await();
        committedRecords.clear();
    }

    /**
     * Flushes what the handler holds once it is {@code flush.max-age} old, when no batch has come to do it (the
     * source went quiet). Called every few milliseconds by {@link DebeziumSource}, from a thread of its own; a
     * failure is kept and makes the next batch fail as well.
     */
    void flushIfDue() throws InterruptedException {
        synchronized (lock) {
            if (ageFlushFailure == null) {
                try {
                    writeBehind.throwIfFailed();
                    if (isDue()) {
                        flushPending();
                    }
                } catch (RuntimeException e) {
                    ageFlushFailure = e;
                    throw e;
                }
            }
        }
    }

    private boolean isDue() {
        return gathered > 0 && System.nanoTime() - pendingSince >= maxAgeNanos;
    }

    private void failIfAgeFlushFailed() {
        if (ageFlushFailure != null) {
            throw ageFlushFailure;
        }
    }

    /** Hands what the handler holds, with its offsets, to the write-behind thread. */
    private void flushPending() throws InterruptedException {
        flush(pendingOffsets, pendingTimestamp, pending);
        pendingOffsets = new LinkedHashMap<>();
        pendingTimestamp = -1;
        pending = new ArrayList<>();
        gathered = 0;
    }

    /** Tells the engine which records are committed; on the engine's thread only. Nothing without a committer. */
    private void markCommitted(DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        if (committer == null) {
            return;
        }
        boolean marked = false;
        for (RecordChangeEvent<SourceRecord> event; (event = committedRecords.poll()) != null; marked = true) {
            committer.markProcessed(event);
        }
        if (marked) {
            committer.markBatchFinished();
        }
    }

    /**
     * Waits until every flush handed over is committed (failing as one failed). Gathered records not yet
     * flushed stay unflushed: they are not committed, and a restart reads them again.
     */
    void awaitWrites() throws InterruptedException {
        writeBehind.await();
    }

    /** Lets the flush in flight commit (for up to {@code timeoutMillis}) and stops the write-behind thread. */
    void close(long timeoutMillis) {
        writeBehind.close(timeoutMillis);
    }

    private void flush(Map<Map<String, ?>, Map<String, ?>> lastOffsets, long sourceTimestamp,
                       List<RecordChangeEvent<SourceRecord>> records) throws InterruptedException {
        Map<String, String> offsets = new LinkedHashMap<>();
        lastOffsets.forEach((partition, offset) -> offsets.put(codec.key(partition), codec.value(offset)));
        int events = buffer.eventCount();
        Flush flush = buffer.drain();
        TransactionParticipant participant = offsetTable.participant(pipeline, source, offsets);
        if (restartingSnapshot) {
            participant = snapshotRestart.participant(writer, participant);
        }
        TransactionParticipant all = TransactionParticipant.both(participant, outbox);
        // A restarting snapshot empties the tables in its first flush only; should that flush fail, the source fails.
        restartingSnapshot = false;
        foldCounts();
        Captured captured = new Captured(events, capturedByTable, snapshotByTable, snapshotCompleted);
        capturedByTable = new HashMap<>();
        snapshotByTable = new HashMap<>();
        snapshotCompleted = false;
        writeBehind.submit(() -> {
            FlushResult result = retryingWriter.write(flush, all, events);
            committed.advance(offsets);
            committedRecords.addAll(records);
            long lag = sourceTimestamp > 0 ? System.currentTimeMillis() - sourceTimestamp : -1;
            listener.flushed(source, captured, result, lag);
        });
    }

    /** Adds the current run's counts to the flush's per-table counts. */
    private void foldCounts() {
        if (countingTable != null) {
            if (countingCaptured > 0) {
                capturedByTable.merge(countingTable, countingCaptured, Integer::sum);
            }
            if (countingSnapshot > 0) {
                snapshotByTable.merge(countingTable, countingSnapshot, Integer::sum);
            }
        }
        countingCaptured = 0;
        countingSnapshot = 0;
    }

    /**
     * Counts a row change (not a heartbeat or schema message) under its source table, and snapshot reads apart;
     * and a snapshot read in the snapshot's progress.
     */
    private void countCaptured(Struct envelope) {
        Struct from = envelopeFields.source(envelope);
        if (from == null) {
            return;
        }
        if (from != lastSource) { // a snapshot batch of ParallelSnapshot shares one source block
            // PostgreSQL names a schema; MySQL/MariaDB name a database (as ChangeEventReader does).
            String schema = envelopeFields.schema(from);
            if (schema == null) {
                schema = envelopeFields.database(from);
            }
            String table = envelopeFields.table(from);
            lastSource = from;
            lastSourceTable = table == null ? null : schema == null ? table : schema + "." + table;
            // Debezium marks the snapshot's very last read "last" (each table's last "last_in_data_collection").
            lastSourceEndsSnapshot = "last".equals(envelopeFields.snapshotMarker(from));
        }
        String op = envelopeFields.op(envelope);
        if (lastSourceTable != null) {
            if (!lastSourceTable.equals(countingTable)) {
                foldCounts();
                countingTable = lastSourceTable;
            }
            countingCaptured++;
            if ("r".equals(op)) {
                countingSnapshot++;
                snapshotProgress.count(lastSourceTable, lastSourceEndsSnapshot);
            }
        }
        if (lastSourceEndsSnapshot) {
            snapshotCompleted = true;
        }
    }

    /**
     * The source's commit time of a streamed change ({@code source.ts_ms}); -1 for snapshot reads (their
     * time is when the snapshot began, not a commit) and records without one.
     */
    private long sourceTimestampOf(Struct envelope) {
        if ("r".equals(envelopeFields.op(envelope))) {
            return -1;
        }
        Struct source = envelopeFields.source(envelope);
        return source == null ? -1 : envelopeFields.timestamp(source);
    }
}
