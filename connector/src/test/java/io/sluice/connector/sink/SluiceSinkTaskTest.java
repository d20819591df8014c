package io.sluice.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given Debezium change events on a two-partition topic, when sink tasks consume them — flushing, crashing
 * between flushes, being handed the partitions again, racing a task that lost them — then the warehouse
 * holds every change exactly once and its offsets table says how far.
 */
class SluiceSinkTaskTest {

    private static final String TOPIC = "shop.public.accounts";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Schema ROW = SchemaBuilder.struct().name("shop.public.accounts.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("balance", Schema.INT64_SCHEMA)
            .optional()
            .build();

    private TestDatabase warehouse;
    private final List<SluiceSinkTask> started = new ArrayList<>();

    @BeforeEach
    void createWarehouse() {
        warehouse = TestDatabases.postgres().createDatabase();
    }

    @AfterEach
    void dropWarehouse() {
        for (SluiceSinkTask task : started) {
            try {
                task.stop();
            } catch (RuntimeException ignored) {
                // a task a test let fail
            }
        }
        warehouse.close();
    }

    @Test
    void aFlushWritesRowsAndTheNextOffsetsTogetherAndPreCommitReportsThem() throws Exception {
        Topic topic = new Topic();
        topic.insertAccounts(1, 6);
        SluiceSinkTask task = start(Map.of(), P0, P1);

        task.put(topic.from(Map.of()));
        Map<TopicPartition, OffsetAndMetadata> reported = task.preCommit(topic.consumedOffsets());

        assertThat(accounts()).isEqualTo(topic.expectedAccounts());
        assertThat(storedOffsets()).isEqualTo(topic.endOffsets());
        assertThat(reported).isEqualTo(Map.of(P0, new OffsetAndMetadata(topic.end(P0)),
                P1, new OffsetAndMetadata(topic.end(P1))));
    }

    @Test
    void aTaskThatCrashesBetweenFlushesLosesNothingAndItsSuccessorDuplicatesNothing() throws Exception {
        Topic topic = new Topic();
        topic.insertAccounts(1, 20);
        topic.updateAccounts(1, 20, 100);
        topic.rejectedByRule(21, "balance_positive");
        topic.deleteAccounts(5, 9);
        topic.updateAccounts(10, 20, 1000);
        topic.rejectedByRule(22, "balance_positive");

        SluiceSinkTask first = start(Map.of(SluiceSinkConfig.FLUSH_MAX_RECORDS, "7"), P0, P1);
        List<SinkRecord> all = topic.from(Map.of());
        first.put(all.subList(0, 31)); // flushes every 7 records; the last 3 stay in its buffer
        // ... and its worker dies: no preCommit, no close, no stop.
        Map<TopicPartition, Long> afterCrash = storedOffsets();
        assertThat(afterCrash.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(28);

        RecordingContext context = new RecordingContext(List.of(P0, P1));
        SluiceSinkTask second = start(Map.of(SluiceSinkConfig.FLUSH_MAX_RECORDS, "7"), context);
        second.open(List.of(P0, P1));
        assertThat(context.rewinds).isEqualTo(afterCrash);
        second.put(topic.from(context.rewinds));
        second.preCommit(topic.consumedOffsets());

        assertThat(accounts()).isEqualTo(topic.expectedAccounts());
        assertThat(quarantinedRules()).containsExactlyInAnyOrder("balance_positive", "balance_positive");
        assertThat(storedOffsets()).isEqualTo(topic.endOffsets());
    }

    @Test
    void recordsDeliveredAgainBeforeTheRewindTookEffectAreSkipped() throws Exception {
        Topic topic = new Topic();
        topic.insertAccounts(1, 10);
        topic.rejectedByRule(11, "balance_positive");
        SluiceSinkTask first = start(Map.of(), P0, P1);
        first.put(topic.from(Map.of()));
        first.preCommit(topic.consumedOffsets());
        first.close(List.of(P0, P1));

        SluiceSinkTask second = start(Map.of(), P0, P1);
        second.put(topic.from(Map.of())); // everything again, from offset 0
        second.preCommit(topic.consumedOffsets());

        assertThat(quarantinedRules()).containsExactly("balance_positive");
        assertThat(accounts()).isEqualTo(topic.expectedAccounts());
    }

    @Test
    void aTaskThatLostItsPartitionsCannotWriteOverTheirNewOwner() throws Exception {
        Topic topic = new Topic();
        topic.insertAccounts(1, 10);
        RecordingContext zombieContext = new RecordingContext(List.of(P0, P1));
        SluiceSinkTask zombie = start(Map.of(), zombieContext);
        zombie.open(List.of(P0, P1));
        zombie.put(topic.from(Map.of())); // buffered, not yet written

        SluiceSinkTask owner = start(Map.of(), P0, P1);
        topic.updateAccounts(1, 10, 7);
        owner.put(topic.from(Map.of()));
        owner.preCommit(topic.consumedOffsets());

        // The zombie's flush names offsets the owner has moved: it must roll back and change nothing.
        zombieContext.assignment.clear();
        zombie.preCommit(topic.consumedOffsets());

        assertThat(accounts()).isEqualTo(topic.expectedAccounts());
        assertThat(storedOffsets()).isEqualTo(topic.endOffsets());
        assertThat(zombieContext.rewinds).as("no seek on partitions it no longer has").isEmpty();
    }

    @Test
    void aTaskThatGetsItsPartitionsBackAfterAnotherWroteThemRewindsToTheWarehouse() throws Exception {
        Topic topic = new Topic();
        topic.insertAccounts(1, 4);
        RecordingContext context = new RecordingContext(List.of(P0, P1));
        SluiceSinkTask stale = start(Map.of(), context);
        stale.open(List.of(P0, P1));
        stale.put(topic.from(Map.of()));

        SluiceSinkTask other = start(Map.of(), P0, P1);
        other.put(topic.from(Map.of()));
        other.preCommit(topic.consumedOffsets());

        stale.preCommit(topic.consumedOffsets());
        assertThat(context.rewinds).isEqualTo(topic.endOffsets());
        topic.updateAccounts(1, 4, 3);
        stale.put(topic.from(context.rewinds));
        stale.preCommit(topic.consumedOffsets());

        assertThat(accounts()).isEqualTo(topic.expectedAccounts());
        assertThat(storedOffsets()).isEqualTo(topic.endOffsets());
    }

    @Test
    void aChangeWaitsAtMostFlushMaxAge() throws Exception {
        Topic topic = new Topic();
        topic.insertAccounts(1, 2);
        RecordingContext context = new RecordingContext(List.of(P0, P1));
        SluiceSinkTask task = start(Map.of(SluiceSinkConfig.FLUSH_MAX_AGE_MS, "300"), context);
        task.open(List.of(P0, P1));

        task.put(topic.from(Map.of()));
        assertThat(accounts()).isEmpty();
        assertThat(context.timeout).as("Connect polls again in time to flush").isBetween(1L, 300L);

        Thread.sleep(320);
        task.put(List.of()); // what Connect delivers when the poll times out without records
        assertThat(accounts()).isEqualTo(topic.expectedAccounts());
    }

    @Test
    void aRecordWithoutSchemaIsQuarantinedWithTheFix() throws Exception {
        SluiceSinkTask task = start(Map.of(), P0);
        task.put(List.of(new SinkRecord(TOPIC, 0, null, Map.of("id", 1), null, Map.of("id", 1, "op", "c"), 0)));
        task.preCommit(Map.of(P0, new OffsetAndMetadata(1)));

        List<List<Object>> rows = warehouse.query("SELECT rule, reason FROM _sluice_quarantine");
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("decode");
            assertThat((String) row.get(1)).contains("schemas.enable=true");
        });
        assertThat(storedOffsets()).isEqualTo(Map.of(P0, 1L));
    }

    @Test
    void theOffsetsTableWorksInDuckDb() throws Exception {
        Path directory = Files.createTempDirectory("sluice-sink-duckdb-");
        String url = "jdbc:duckdb:" + directory.resolve("wh.duckdb");
        Topic topic = new Topic();
        topic.insertAccounts(1, 5);
        Map<String, String> settings = Map.of(SluiceSinkConfig.NAME, "duck", SluiceSinkConfig.CONNECTION_URL, url);
        SluiceSinkTask task = new SluiceSinkTask();
        RecordingContext context = new RecordingContext(List.of(P0, P1));
        task.initialize(context);
        task.start(settings);
        try {
            task.open(List.of(P0, P1));
            task.put(topic.from(Map.of()));
            task.preCommit(topic.consumedOffsets());
            Map<TopicPartition, Long> before = topic.endOffsets();
            topic.updateAccounts(1, 5, 2);
            task.put(topic.from(before));
            task.preCommit(topic.consumedOffsets());
        } finally {
            task.stop();
        }
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT topic, \"partition\", \"offset\" FROM _sluice_connect_offsets"
                     + " WHERE connector = 'duck'")) {
            Map<TopicPartition, Long> stored = new HashMap<>();
            while (rows.next()) {
                stored.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
            }
            assertThat(stored).isEqualTo(topic.endOffsets());
        }
    }

    // --- helpers -------------------------------------------------------------------------------------

    private SluiceSinkTask start(Map<String, String> extra, TopicPartition... assigned) {
        RecordingContext context = new RecordingContext(List.of(assigned));
        SluiceSinkTask task = start(extra, context);
        task.open(List.of(assigned));
        return task;
    }

    private SluiceSinkTask start(Map<String, String> extra, RecordingContext context) {
        Map<String, String> settings = new HashMap<>(Map.of(
                SluiceSinkConfig.NAME, "warehouse-sink",
                SluiceSinkConfig.CONNECTION_URL, warehouse.jdbcUrl(),
                SluiceSinkConfig.CONNECTION_USER, warehouse.user(),
                SluiceSinkConfig.CONNECTION_PASSWORD, warehouse.password(),
                SluiceSinkConfig.FLUSH_MAX_AGE_MS, "60000"));
        settings.putAll(extra);
        SluiceSinkTask task = new SluiceSinkTask();
        task.initialize(context);
        task.start(settings);
        started.add(task);
        return task;
    }

    private Map<Long, Long> accounts() {
        Map<Long, Long> rows = new TreeMap<>();
        if (warehouse.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'accounts'").isEmpty()) {
            return rows;
        }
        for (List<Object> row : warehouse.query("SELECT id, balance FROM accounts")) {
            rows.put((Long) row.get(0), (Long) row.get(1));
        }
        return rows;
    }

    private List<Object> quarantinedRules() {
        return warehouse.query("SELECT rule FROM _sluice_quarantine").stream().map(row -> row.get(0)).toList();
    }

    private Map<TopicPartition, Long> storedOffsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (List<Object> row : warehouse.query("SELECT topic, \"partition\", \"offset\" FROM _sluice_connect_offsets"
                + " WHERE connector = 'warehouse-sink'")) {
            offsets.put(new TopicPartition((String) row.get(0), (Integer) row.get(1)), (Long) row.get(2));
        }
        return offsets;
    }

    /** Two partitions of Debezium events for the accounts table; a row always goes to partition id % 2. */
    private static final class Topic {
        private final Envelopes accounts = new Envelopes("shop", "public", "accounts", ROW);
        private final Map<TopicPartition, List<SinkRecord>> partitions = Map.of(P0, new ArrayList<>(), P1, new ArrayList<>());
        private final Map<Long, Long> expected = new TreeMap<>();
        private final Map<Long, Struct> current = new HashMap<>();

        void insertAccounts(long from, long to) {
            for (long id = from; id <= to; id++) {
                Struct row = accounts.row(id, id);
                append(id, accounts.insert(row));
                current.put(id, row);
                expected.put(id, id);
            }
        }

        void updateAccounts(long from, long to, long factor) {
            for (long id = from; id <= to; id++) {
                if (!current.containsKey(id)) {
                    continue;
                }
                Struct row = accounts.row(id, id * factor);
                append(id, accounts.update(current.get(id), row));
                current.put(id, row);
                expected.put(id, id * factor);
            }
        }

        void deleteAccounts(long from, long to) {
            for (long id = from; id <= to; id++) {
                append(id, accounts.delete(current.remove(id)));
                expected.remove(id);
            }
        }

        /** A change Quality marked for quarantine: it must reach _sluice_quarantine once, and never the table. */
        void rejectedByRule(long id, String rule) {
            SourceRecord record = accounts.insert(accounts.row(id, -id));
            record.headers().addString(ChangeEventReader.QUARANTINE_RULE_HEADER, rule);
            record.headers().addString(ChangeEventReader.QUARANTINE_REASON_HEADER, "balance below 0");
            append(id, record);
        }

        private void append(long id, SourceRecord source) {
            TopicPartition partition = id % 2 == 0 ? P0 : P1;
            List<SinkRecord> records = partitions.get(partition);
            records.add(new SinkRecord(TOPIC, partition.partition(), source.keySchema(), source.key(),
                    source.valueSchema(), source.value(), records.size(), null, TimestampType.NO_TIMESTAMP_TYPE,
                    source.headers()));
        }

        /** The records from these offsets on (0 where absent), partitions interleaved as a consumer returns them. */
        List<SinkRecord> from(Map<TopicPartition, Long> offsets) {
            List<SinkRecord> out = new ArrayList<>();
            int longest = Math.max(partitions.get(P0).size(), partitions.get(P1).size());
            for (int i = 0; i < longest; i++) {
                for (TopicPartition partition : List.of(P0, P1)) {
                    List<SinkRecord> records = partitions.get(partition);
                    if (i < records.size() && i >= offsets.getOrDefault(partition, 0L)) {
                        out.add(records.get(i));
                    }
                }
            }
            return out;
        }

        long end(TopicPartition partition) {
            return partitions.get(partition).size();
        }

        Map<TopicPartition, Long> endOffsets() {
            return Map.of(P0, end(P0), P1, end(P1));
        }

        Map<TopicPartition, OffsetAndMetadata> consumedOffsets() {
            return Map.of(P0, new OffsetAndMetadata(end(P0)), P1, new OffsetAndMetadata(end(P1)));
        }

        Map<Long, Long> expectedAccounts() {
            return expected;
        }
    }
}
