package io.sluice.engine.source;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.SnapshotRecord;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresOffsetContext;
import io.debezium.connector.postgresql.PostgresPartition;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.Lsn;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.relational.Column;
import io.debezium.relational.Table;
import io.debezium.relational.TableId;
import io.debezium.relational.TableSchema;
import io.debezium.spi.topic.TopicNamingStrategy;
import io.debezium.util.Clock;
import io.sluice.config.SourceConfig;
import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL source's initial snapshot, read by several connections at once instead of Debezium's one: the
 * slot is created with an exported snapshot ({@link ExportedSnapshot}); each reader imports it into a REPEATABLE
 * READ transaction and reads the captured tables a ctid range at a time (disjoint page ranges, sized from the
 * table's pages), with a streaming cursor. Each row becomes the record Debezium's snapshot would have emitted
 * ({@link SnapshotSchema}: same schemas and conversions; {@code op=r}; source info and offset from Debezium's
 * {@code PostgresOffsetContext}, at the slot's consistent point) and goes through the source's
 * {@link ChangeBatchHandler} like Debezium's batches: governance, the reduction buffer, the write-behind writer.
 * When the writer is behind, the handler does not return and the readers wait: memory stays bounded.
 *
 * <p>When every range is read, the last rows commit in one warehouse transaction with the offset Debezium writes
 * for its own snapshot's last record ({@code last_snapshot_record=true}, the consistent point's LSN). Debezium then
 * starts, finds a completed snapshot and streams from the slot: each change after the snapshot once. Rows read
 * before a crash commit with an unfinished-snapshot offset, so a restart drops the slot and reads everything
 * again ({@link SnapshotRestart}); the warehouse's upserts make that idempotent.
 */
final class ParallelSnapshot {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelSnapshot.class);
    /**
     * Records handed to the handler at once: its lock is taken once per batch, not per row. Few enough that a
     * batch's records are still in the core's cache when governance and the change reader get to them (about
     * 200 KB): with 1,024 the governance benchmark's engines spent 0.45 µs more per row without rules and
     * 0.57 µs more with its five (async-profiler, 3M rows; the change reader 1,129 against 2,119 ms).
     */
    private static final int BATCH = 128;
    private static final int FETCH_SIZE = 4096;
    /** Ranges per reader and table: a small table is not cut finer than this, a large one not coarser. */
    private static final long MIN_RANGE_PAGES = 32;
    private static final long MAX_RANGE_PAGES = 16_384;
    private static final int RANGES_PER_READER = 8;

    /**
     * Debezium properties that change what its snapshot reads or how it converts values, which this snapshot
     * does not apply (it reads every column of every captured table with Debezium's standard conversions); a
     * source that sets one of them takes Debezium's own snapshot instead.
     */
    private static final List<String> DEBEZIUM_ONLY = List.of("converters", "snapshot.select.statement.overrides",
            "snapshot.include.collection.list", "snapshot.query.mode");

    private final SourceConfig source;
    private final String slot;
    private final String publication;
    private final Properties debezium;
    private final int threads;
    private final ChangeBatchHandler handler;
    private final Runnable onStarted;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicLong rows = new AtomicLong();
    private volatile boolean stopping;

    /** The first property of {@code debezium} that only Debezium's snapshot applies, or null when there is none. */
    static String settingOnlyDebeziumApplies(Properties debezium) {
        for (String name : debezium.stringPropertyNames()) {
            for (String setting : DEBEZIUM_ONLY) {
                if (name.equals(setting) || name.startsWith(setting + ".")) {
                    return name;
                }
            }
        }
        return null;
    }

    /**
     * @param debezium  the connector properties Debezium will be started with (publication, filters, conversions)
     * @param onStarted called once the slot exists and the readers begin
     */
    ParallelSnapshot(SourceConfig source, String slot, String publication, Properties debezium, int threads,
                     ChangeBatchHandler handler, Runnable onStarted) {
        this.source = source;
        this.slot = slot;
        this.publication = publication;
        this.debezium = debezium;
        this.threads = threads;
        this.handler = handler;
        this.onStarted = onStarted;
    }

    /** Reads every captured table and commits the completed snapshot; returns when it has committed. */
    void run() throws Exception {
        long start = System.nanoTime();
        Configuration raw = Configuration.from(debezium);
        PostgresConnectorConfig config = new PostgresConnectorConfig(raw);
        String url = "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
        Charset charset;
        List<TableId> captured;
        try (PostgresConnection probe = new PostgresConnection(config.getJdbcConfig(), "sluice-snapshot")) {
            charset = probe.getDatabaseCharset();
            // The file's tables are Debezium's include patterns (e.g. public\..*): the publication needs names.
            captured = probe.readTableNames(config.databaseName(), null, null, new String[] {"TABLE", "PARTITIONED TABLE"})
                    .stream().filter(config.getTableFilters().dataCollectionFilter()::isIncluded).sorted().toList();
        }
        try (ExportedSnapshot exported = ExportedSnapshot.create(url, source.user(), source.password(), slot,
                publication, captured, debezium.getProperty("publication.autocreate.mode", "all_tables"),
                Boolean.parseBoolean(debezium.getProperty("publish.via.partition.root", "false")));
             PostgresConnection main = new PostgresConnection(config.getJdbcConfig(),
                     registry -> PostgresValueConverter.of(config, charset, registry), "sluice-snapshot")) {
            importSnapshot(main.connection(), exported.name());
            SnapshotSchema schema = SnapshotSchema.read(config, raw, main);
            PostgresOffsetContext offset = PostgresOffsetContext.initialContext(config, main, Clock.system());
            // As Debezium's snapshot does over a slot it created: the snapshot stands at the slot's consistent point.
            offset.updateWalPosition(Lsn.valueOf(exported.consistentPoint()), null, Clock.system().currentTime(),
                    main.currentTransactionId(), null, null, null);
            offset.preSnapshotStart(false);
            Map<String, ?> partition = new PostgresPartition(config.getLogicalName(), config.databaseName())
                    .getSourcePartition();
            ConcurrentLinkedQueue<Range> ranges = ranges(main.connection(), schema);
            onStarted.run();
            LOG.info("Source '{}': snapshot by {} readers under exported snapshot {} of slot '{}' (consistent point {}):"
                    + " {} ctid ranges", source.name(), threads, exported.name(), slot, exported.consistentPoint(),
                    ranges.size());
            TopicNamingStrategy<TableId> topics = config.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY);
            for (int i = 0; i < threads; i++) {
                Thread reader = new Thread(() -> read(config, main, exported.name(), schema, topics, partition,
                        offset.getOffset(), ranges), "sluice-snapshot-" + source.name() + "-" + i);
                reader.setDaemon(true);
                readers.add(reader);
                reader.start();
            }
            for (Thread reader : readers) {
                reader.join();
            }
            if (failure.get() != null) {
                throw failure.get() instanceof Exception e ? e : new IllegalStateException(failure.get());
            }
            if (stopping) {
                throw new InterruptedException("snapshot stopped");
            }
            main.connection().commit();
            offset.preSnapshotCompletion(); // the offset Debezium stores with its snapshot's last record
            handler.completeSnapshot(partition, offset.getOffset());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("Source '{}': snapshot of {} rows committed in {} s ({} rows/s); Debezium streams from slot '{}'",
                source.name(), String.format("%,d", rows.get()), String.format("%.1f", seconds),
                String.format("%,.0f", rows.get() / seconds), slot);
    }

    /** Makes the readers stop at their next row; {@link #run} then throws. */
    void stop() {
        stopping = true;
        readers.forEach(Thread::interrupt);
    }

    private static void importSnapshot(Connection connection, String snapshot) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
        }
    }

    /** Each captured table cut into page ranges; the last range of a table is open-ended. */
    private ConcurrentLinkedQueue<Range> ranges(Connection connection, SnapshotSchema schema) throws SQLException {
        ConcurrentLinkedQueue<Range> ranges = new ConcurrentLinkedQueue<>();
        // The tables Debezium's filters capture (SnapshotSchema read only those), in a stable order.
        for (TableId id : schema.tableIds().stream().sorted().toList()) {
            long pages;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint")) {
                statement.setString(1, ExportedSnapshot.quoteQualified(id));
                try (ResultSet size = statement.executeQuery()) {
                    size.next();
                    pages = size.getLong(1);
                }
            }
            long step = Math.min(MAX_RANGE_PAGES,
                    Math.max(MIN_RANGE_PAGES, (pages + threads * RANGES_PER_READER - 1) / (threads * RANGES_PER_READER)));
            long from = 0;
            do {
                long to = from + step;
                ranges.add(new Range(id, from, to >= pages ? -1 : to));
                from = to;
            } while (from < pages);
        }
        return ranges;
    }

    private void read(PostgresConnectorConfig config, PostgresConnection main, String snapshot, SnapshotSchema schema,
                      TopicNamingStrategy<TableId> topics, Map<String, ?> partition, Map<String, ?> baseOffset,
                      ConcurrentLinkedQueue<Range> ranges) {
        try (PostgresConnection connection = new PostgresConnection(config, main.getTypeRegistry(), "sluice-snapshot")) {
            Connection jdbc = connection.connection();
            importSnapshot(jdbc, snapshot);
            PostgresOffsetContext offset = new PostgresOffsetContext.Loader(config).load(baseOffset);
            offset.preSnapshotStart(false);
            offset.markSnapshotRecord(SnapshotRecord.TRUE);
            for (Range range; !stopping && failure.get() == null && (range = ranges.poll()) != null; ) {
                readRange(connection, jdbc, schema, topics.dataChangeTopic(range.table()), partition, offset, range);
            }
            jdbc.commit();
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (!stopping && failure.compareAndSet(null, e)) {
                LOG.error("Source '{}': snapshot reader failed: {}", source.name(), e.toString());
            }
        }
    }

    private void readRange(PostgresConnection connection, Connection jdbc, SnapshotSchema schema, String topic,
                           Map<String, ?> partition, PostgresOffsetContext offset, Range range)
            throws SQLException, InterruptedException {
        Table table = schema.tableFor(range.table());
        TableSchema tableSchema = schema.schemaFor(range.table());
        List<Column> columns = table.columns();
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(ExportedSnapshot.quote(columns.get(i).name()));
        }
        sql.append(" FROM ").append(ExportedSnapshot.quote(range.table().schema())).append('.')
                .append(ExportedSnapshot.quote(range.table().table()));
        if (range.fromPage() > 0) {
            sql.append(" WHERE ctid >= '(").append(range.fromPage()).append(",0)'::tid");
        }
        if (range.toPage() >= 0) {
            sql.append(range.fromPage() > 0 ? " AND" : " WHERE").append(" ctid < '(").append(range.toPage()).append(",0)'::tid");
        }
        try (Statement statement = jdbc.createStatement()) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery(sql.toString())) {
                RangeRows rows = new RangeRows(new SnapshotColumnReader(connection, table, rs), rs, columns, tableSchema,
                        offset, range.table(), partition, topic);
                for (List<RecordChangeEvent<SourceRecord>> batch; !(batch = rows.next()).isEmpty(); ) {
                    hand(batch);
                }
            }
        }
    }

    /**
     * A range's rows as records, a batch at a time. Apart from {@link #readRange} on purpose: a loop over every
     * row that also hands the batches over made the JIT compile the whole way through governance, the buffer
     * and the writer's hand-over into it, several times (on-stack replacement, then again after a deoptimisation:
     * 0.7 s of C2 compiling per engine with governance, from LogCompilation). Here the per-row loop is small and
     * the hand-over is compiled once, on its own.
     */
    private final class RangeRows {

        private final SnapshotColumnReader reader;
        private final ResultSet rs;
        private final List<Column> columns;
        private final TableSchema tableSchema;
        private final PostgresOffsetContext offset;
        private final TableId table;
        private final Map<String, ?> partition;
        private final String topic;
        /** Whether the result set said it has no more rows: it is not asked again. */
        private boolean exhausted;

        RangeRows(SnapshotColumnReader reader, ResultSet rs, List<Column> columns, TableSchema tableSchema,
                  PostgresOffsetContext offset, TableId table, Map<String, ?> partition, String topic) {
            this.reader = reader;
            this.rs = rs;
            this.columns = columns;
            this.tableSchema = tableSchema;
            this.offset = offset;
            this.table = table;
            this.partition = partition;
            this.topic = topic;
        }

        /** The next at most {@link #BATCH} rows; empty once the range is read. */
        List<RecordChangeEvent<SourceRecord>> next() throws SQLException, InterruptedException {
            List<RecordChangeEvent<SourceRecord>> batch = new ArrayList<>(BATCH);
            Struct sourceInfo = null;
            Map<String, ?> position = null;
            Instant now = null;
            while (!exhausted && batch.size() < BATCH) {
                if (!rs.next()) {
                    exhausted = true;
                    break;
                }
                if (stopping) {
                    throw new InterruptedException("snapshot stopped");
                }
                if (batch.isEmpty()) {
                    // The source block and offset change only in their timestamps: made once per batch.
                    now = Instant.now();
                    offset.event(table, now);
                    sourceInfo = offset.getSourceInfo();
                    position = offset.getOffset();
                }
                Object[] values = new Object[columns.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = reader.read(rs, i + 1, columns.get(i));
                }
                Struct key = tableSchema.keyFromColumnData(values);
                Struct value = tableSchema.valueFromColumnData(values);
                Struct envelope = tableSchema.getEnvelopeSchema().read(value, sourceInfo, now);
                SourceRecord record = new SourceRecord(partition, position, topic, null, tableSchema.keySchema(), key,
                        envelope.schema(), envelope);
                batch.add(() -> record);
            }
            return batch;
        }
    }

    private void hand(List<RecordChangeEvent<SourceRecord>> batch) throws InterruptedException {
        handler.handleSnapshotBatch(batch);
        rows.addAndGet(batch.size());
    }

    /** Pages [fromPage, toPage) of a table; toPage -1 for all pages from fromPage on. */
    private record Range(TableId table, long fromPage, long toPage) {
    }
}
