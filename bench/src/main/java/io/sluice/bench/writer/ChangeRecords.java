package io.sluice.bench.writer;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The benchmark's change events as Connect {@link SinkRecord}s on one topic partition, made a batch at a
 * time: a million records would take more heap than the runs being measured, and making them is not
 * part of what is measured. Every instance with the same seed and size yields the same records.
 */
final class ChangeRecords {

    private final ChangeStream stream;
    private long offset;

    ChangeRecords(long seed, int events) {
        this.stream = new ChangeStream(seed, events);
    }

    boolean hasNext() {
        return stream.hasNext();
    }

    /** The next {@code max} records (fewer at the end), with consecutive Kafka offsets from 0. */
    List<SinkRecord> next(int max) {
        List<SinkRecord> batch = new ArrayList<>(max);
        while (batch.size() < max && stream.hasNext()) {
            batch.add(BenchTable.record(stream.next(), offset++));
        }
        return batch;
    }
}
