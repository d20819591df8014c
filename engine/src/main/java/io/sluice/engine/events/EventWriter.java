package io.sluice.engine.events;

import io.sluice.connector.buffer.Flush;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEvent;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.ChangeSink;
import io.sluice.connector.change.Operation;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.change.RowKey;
import io.sluice.connector.writer.FlushResult;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.offsets.CommittedOffsets;
import io.sluice.engine.offsets.EventIdTable;
import io.sluice.engine.offsets.OffsetTable;
import io.sluice.engine.pipeline.Captured;
import io.sluice.engine.pipeline.FlushListener;
import io.sluice.engine.source.RetryingWriter;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The path every event source shares with the database sources: governance, the reader, the merge buffer
 * and the writer, in one warehouse transaction per call that also holds the source's position and the ids
 * of the events it applied (and, when the pipeline forwards, its outbox rows). Whoever delivered the events may acknowledge them once this returns.
 *
 * <p>One writer per source. {@link #prepare} and {@link #write(Prepared, Collection, Map)} may run on two
 * threads (the next group prepared while the last is written), each from one thread only.
 */
public final class EventWriter implements AutoCloseable {

    private final String pipeline;
    private final String source;
    private final RetryingWriter writer;
    private final OffsetTable offsetTable;
    private final EventIdTable idTable;
    private final GovernanceChain governance;
    private final CommittedOffsets committed;
    private final FlushListener listener;
    private final TransactionParticipant outbox;
    private final ChangeEventReader reader = new ChangeEventReader();

    public EventWriter(String pipeline, String source, RetryingWriter writer, OffsetTable offsetTable,
                       EventIdTable idTable, GovernanceChain governance, CommittedOffsets committed,
                       FlushListener listener, TransactionParticipant outbox) {
        this.pipeline = pipeline;
        this.source = source;
        this.writer = writer;
        this.offsetTable = offsetTable;
        this.idTable = idTable;
        this.governance = governance;
        this.committed = committed;
        this.listener = listener;
        this.outbox = outbox;
    }

    /**
     * Events made ready for one transaction: governed, read and merged per key. Preparing the next group
     * while the last one is written lets the Java work and the warehouse's overlap.
     */
    public static final class Prepared {
        private final Flush flush;
        private final int count;
        private final Map<String, Integer> byTable;
        private final long oldest;

        private Prepared(Flush flush, int count, Map<String, Integer> byTable, long oldest) {
            this.flush = flush;
            this.count = count;
            this.byTable = byTable;
            this.oldest = oldest;
        }
    }

    /**
     * Governs, reads and merges the events (rejected ones to quarantine) into one flush. Not thread-safe:
     * called from one thread, which may be another than {@link #write(Prepared, Collection, Map)}'s.
     */
    public Prepared prepare(List<DecodedEvent> events) {
        Preparation preparation = begin(false);
        preparation.add(events);
        return preparation.finish();
    }

    /**
     * Starts a flush that events are added to as they arrive, so that little is left to do between the
     * last one and the hand-over to {@link #write(Prepared, Collection, Map)}. The same thread rules as
     * {@link #prepare}: one preparation at a time, on one thread.
     *
     * @param tracksKeys whether to keep the keys written, for {@link Preparation#keysByTable}
     */
    public Preparation begin(boolean tracksKeys) {
        return new Preparation(tracksKeys);
    }

    /** A flush being prepared: {@link #add} governs, reads and merges; {@link #finish} ends it. */
    public final class Preparation implements ChangeSink {
        // Bounds are the caller's: it hands over at most one flush's worth, and it must be one transaction.
        private final ReductionBuffer buffer = new ReductionBuffer(Integer.MAX_VALUE, Long.MAX_VALUE);
        private final Map<String, Integer> byTable = new HashMap<>();
        /** The keys written so far, per table; null when not tracked, or once a table is emptied (that touches every key). */
        private Map<String, Set<RowKey>> keys;
        private long oldest = Long.MAX_VALUE;
        private int count;

        private Preparation(boolean tracksKeys) {
            this.keys = tracksKeys ? new HashMap<>() : null;
        }

        /**
         * The keys the flush writes so far, per warehouse-bound table; null when not tracked or when it empties
         * a table. Two flushes with no key in common may commit in either order.
         */
        public Map<String, Set<RowKey>> keysByTable() {
            return keys;
        }

        @Override
        public void change(ChangeEvent event) {
            if (event.op() == Operation.TRUNCATE) {
                keys = null;
            } else if (keys != null) {
                keys.computeIfAbsent(event.table().toString(), table -> new HashSet<>()).add(event.key());
            }
            buffer.add(event);
        }

        @Override
        public void quarantine(Quarantined record) {
            buffer.quarantine(record);
        }

        public void add(List<DecodedEvent> events) {
            count += events.size();
            for (DecodedEvent event : events) {
                if (event.isRejected()) {
                    buffer.quarantine(event.rejected());
                    continue;
                }
                SourceRecord record = event.record();
                byTable.merge(record.topic().substring(source.length() + 1), 1, Integer::sum);
                oldest = Math.min(oldest, record.timestamp());
                SourceRecord governed = governance.apply(record, buffer::quarantine);
                if (governed != null) {
                    reader.read(governed, this);
                }
            }
        }

        public Prepared finish() {
            return new Prepared(buffer.drain(), count, byTable, oldest);
        }
    }

    /**
     * Writes the events (rejected ones to quarantine), the new ids and the offsets in one transaction.
     *
     * @param offsets serialized partition → serialized offset, as the offsets table stores them
     */
    public FlushResult write(List<DecodedEvent> events, Collection<String> newIds, Map<String, String> offsets)
            throws InterruptedException {
        return write(prepare(events), newIds, offsets);
    }

    /** Writes prepared events, the new ids and the offsets in one transaction. */
    public FlushResult write(Prepared prepared, Collection<String> newIds, Map<String, String> offsets)
            throws InterruptedException {
        TransactionParticipant offsetsWriter = offsetTable.participant(pipeline, source, offsets);
        TransactionParticipant idsWriter = idTable.participant(pipeline, source, newIds);
        FlushResult result = writer.write(prepared.flush,
                TransactionParticipant.both(TransactionParticipant.both(offsetsWriter, idsWriter), outbox), prepared.count);
        committed.advance(offsets);
        long lag = prepared.oldest == Long.MAX_VALUE ? -1 : System.currentTimeMillis() - prepared.oldest;
        listener.flushed(source, new Captured(prepared.count, prepared.byTable, Map.of(), false), result, lag);
        return result;
    }

    /**
     * A writer for the same source that commits through {@code other} (a connection of its own), sharing
     * the rest: its {@link #write(Prepared, Collection, Map)} may run beside this one's, on another thread.
     */
    public EventWriter through(RetryingWriter other) {
        return new EventWriter(pipeline, source, other, offsetTable, idTable, governance, committed, listener, outbox);
    }

    /** Which of these event ids the warehouse already holds as applied for this source. */
    public Set<String> alreadyApplied(Collection<String> candidates) {
        if (candidates.isEmpty()) {
            return Set.of();
        }
        try {
            return idTable.known(pipeline, source, candidates);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the applied event ids from the warehouse: " + e.getMessage(), e);
        }
    }

    /** Releases the governance chain's resources; after the last write. */
    @Override
    public void close() {
        governance.close();
    }
}
