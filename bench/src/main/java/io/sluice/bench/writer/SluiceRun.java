package io.sluice.bench.writer;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.writer.TableNaming;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseDataSource;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.connector.writer.WriteBehind;
import io.sluice.connector.buffer.Flush;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Sluice's path, as the engine runs it for one source: each record through the
 * {@link ChangeEventReader} into the {@link ReductionBuffer}, and whenever the buffer is full one
 * {@link WarehouseWriter#write} (one transaction) of the merged changes, on a {@link WriteBehind} thread
 * while the next flush is gathered.
 */
final class SluiceRun {

    /** Events per flush, the engine's {@code flush.max-rows}; records also arrive in batches this size,
     *  as Debezium hands the engine at most {@code max.batch.size} = {@code flush.max-rows} at a time. */
    private final int flushRows;
    private final long flushBytes;
    /** Applied to each record before it is read, as the engine applies the governance rules; null drops it. */
    private final UnaryOperator<SinkRecord> governance;

    SluiceRun(int flushRows, long flushBytes) {
        this(flushRows, flushBytes, UnaryOperator.identity());
    }

    SluiceRun(int flushRows, long flushBytes, UnaryOperator<SinkRecord> governance) {
        this.flushRows = flushRows;
        this.flushBytes = flushBytes;
        this.governance = governance;
    }

    /** The result and how many flushes (warehouse transactions) it took. */
    record Outcome(Throughput throughput, int flushes) {
    }

    /**
     * Writes all of {@code records} into the warehouse at {@code jdbcUrl}. Timed: reading, merging and
     * writing, including creating the table; not timed: making the records and opening the pool.
     */
    Outcome run(String jdbcUrl, String user, String password, ChangeRecords records)
            throws SQLException, InterruptedException {
        try (HikariDataSource dataSource = WarehouseDataSource.create("bench", jdbcUrl, user, password, 2)) {
            WarehouseWriter writer = new WarehouseWriter(dataSource, Dialects.forJdbcUrl(jdbcUrl), TableNaming.keepSourceNames());
            ChangeEventReader reader = new ChangeEventReader();
            ReductionBuffer buffer = new ReductionBuffer(flushRows, flushBytes);
            long events = 0;
            long nanos = 0;
            int flushes = 0;
            WriteBehind writeBehind = new WriteBehind("bench-write");
            while (records.hasNext()) {
                List<SinkRecord> batch = records.next(flushRows);
                long start = System.nanoTime();
                for (SinkRecord record : batch) {
                    SinkRecord governed = governance.apply(record);
                    if (governed == null) {
                        continue;
                    }
                    reader.read(governed, buffer);
                    if (buffer.isFull()) {
                        Flush flush = buffer.drain();
                        writeBehind.submit(() -> writer.write(flush, TransactionParticipant.NONE));
                        flushes++;
                    }
                }
                nanos += System.nanoTime() - start;
                events += batch.size();
            }
            long start = System.nanoTime();
            if (!buffer.isEmpty()) {
                Flush flush = buffer.drain();
                writeBehind.submit(() -> writer.write(flush, TransactionParticipant.NONE));
                flushes++;
            }
            writeBehind.await();
            writeBehind.close();
            nanos += System.nanoTime() - start;
            return new Outcome(new Throughput(events, nanos), flushes);
        }
    }
}
