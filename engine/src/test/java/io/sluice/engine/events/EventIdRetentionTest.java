package io.sluice.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.EventColumnType;
import io.sluice.config.EventFormat;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.EventSourceType;
import io.sluice.config.EventTable;
import io.sluice.config.FlushConfig;
import io.sluice.config.HttpConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Warehouses;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given each kind of warehouse holding an id table of the older layout (no {@code committed_at}, no index),
 * when an HTTP source with a dedupe window of a day starts there, takes events, and ids older than the
 * window appear, then the table gains the column and the index, a pruning pass deletes exactly this
 * source's ids older than the window (more than one 1,000-row transaction of them) and nothing else, an
 * event whose id was forgotten is applied again, and one whose id is recent still is not.
 */
class EventIdRetentionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IDS = "_sluice_event_ids";

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "mariadb", "duckdb"})
    void idsOlderThanTheWindowAreForgottenAndRecentOnesStillDedupe(String kind) throws Exception {
        String name = "retention_" + kind;
        try (Warehouses.Warehouse warehouse = Warehouses.create(kind)) {
            try (Connection connection = warehouse.connect(); Statement statement = connection.createStatement()) {
                String text = kind.equals("mariadb") ? "VARCHAR(255)" : "VARCHAR";
                statement.execute("CREATE TABLE " + IDS + " (pipeline " + text + " NOT NULL, source " + text
                        + " NOT NULL, event_id " + text + " NOT NULL, PRIMARY KEY (pipeline, source, event_id))");
                statement.execute("INSERT INTO " + IDS + " VALUES ('" + name + "', 'web', 'event:events:legacy')");
            }
            EventSourceConfig web = new EventSourceConfig("web", EventSourceType.HTTP, "token", EventFormat.ROWS,
                    EventSourceConfig.DEFAULT_DELETE_FIELD, "eid", false, List.of(new EventTable("events", List.of("eid"),
                    Map.of("eid", EventColumnType.TEXT, "note", EventColumnType.TEXT))),
                    EventSourceConfig.DEFAULT_MAX_REQUEST_BYTES, 1_000, null, Duration.ofHours(24));
            PipelineConfig config = new PipelineConfig(name, List.of(), warehouse.config(), FlushConfig.DEFAULTS, null,
                    List.of(), new HttpConfig("127.0.0.1", 0, null), List.of(web), List.of());
            try (Pipeline pipeline = Pipeline.start(config)) {
                HttpEventSource source = pipeline.ingestSources().get(0);
                assertThat(post(source, "e1", "first", "e2", "first", "e3", "first").applied()).isEqualTo(3);
                assertThat(indexes(pipeline, kind)).as("the expiry index").isOne();

                LocalDateTime monthAgo = LocalDateTime.now(ZoneOffset.UTC).minusDays(30);
                try (Connection connection = pipeline.warehouse().getConnection()) {
                    try (PreparedStatement age = connection.prepareStatement(
                            "UPDATE " + IDS + " SET committed_at = ? WHERE event_id = 'event:events:e1'")) {
                        age.setObject(1, monthAgo);
                        assertThat(age.executeUpdate()).isOne();
                    }
                    try (PreparedStatement old = connection.prepareStatement("INSERT INTO " + IDS
                            + " (pipeline, source, event_id, committed_at) VALUES (?, ?, ?, ?)")) {
                        for (int i = 0; i < 2_500; i++) {
                            addOld(old, name, "web", "event:events:old-" + i, monthAgo);
                        }
                        // Another pipeline's ids, as old, are that pipeline's business.
                        for (int i = 0; i < 3; i++) {
                            addOld(old, "elsewhere", "web", "event:events:old-" + i, monthAgo);
                        }
                        old.executeBatch();
                    }
                }

                pipeline.eventIdPruner().prune();

                assertThat(ids(pipeline, name)).containsExactly("event:events:e2", "event:events:e3", "event:events:legacy");
                assertThat(ids(pipeline, "elsewhere")).hasSize(3);
                IngestResult again = post(source, "e1", "second", "e2", "second", "legacy", "second");
                assertThat(again.applied()).as("e1, forgotten, applies again").isOne();
                assertThat(again.duplicates()).as("e2 and legacy are remembered").isEqualTo(2);
                assertThat(rows(pipeline)).containsExactly(List.of("e1", "second"), List.of("e2", "first"),
                        List.of("e3", "first"));
            }
        }
    }

    private static void addOld(PreparedStatement insert, String pipeline, String source, String id, LocalDateTime at)
            throws Exception {
        insert.setString(1, pipeline);
        insert.setString(2, source);
        insert.setString(3, id);
        insert.setObject(4, at);
        insert.addBatch();
    }

    /** Posts {@code id, note, id, note, …} as one request and waits for its commit. */
    private static IngestResult post(HttpEventSource source, String... idsAndNotes) throws Exception {
        List<DecodedEvent> events = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < idsAndNotes.length; i += 2) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("eid", idsAndNotes[i]);
            row.put("note", idsAndNotes[i + 1]);
            events.add(source.decoder().decode("events", JSON.valueToTree(row), i / 2 + 1, now, "test-" + i));
        }
        return source.submit("events", events, null).get();
    }

    private static List<String> ids(Pipeline pipeline, String pipelineName) throws Exception {
        TreeSet<String> ids = new TreeSet<>();
        try (Connection connection = pipeline.warehouse().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT event_id FROM " + IDS + " WHERE pipeline = ?")) {
            select.setString(1, pipelineName);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return List.copyOf(ids);
    }

    private static List<List<String>> rows(Pipeline pipeline) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = pipeline.warehouse().getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT eid, note FROM events ORDER BY eid")) {
            while (result.next()) {
                rows.add(List.of(result.getString(1), result.getString(2)));
            }
        }
        return rows;
    }

    private static long indexes(Pipeline pipeline, String kind) throws Exception {
        String sql = switch (kind) {
            case "postgres" -> "SELECT count(*) FROM pg_indexes WHERE indexname = '_sluice_event_ids_expiry'";
            case "mariadb" -> "SELECT count(DISTINCT index_name) FROM information_schema.statistics"
                    + " WHERE table_schema = DATABASE() AND index_name = '_sluice_event_ids_expiry'";
            default -> "SELECT count(*) FROM duckdb_indexes() WHERE index_name = '_sluice_event_ids_expiry'";
        };
        try (Connection connection = pipeline.warehouse().getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
