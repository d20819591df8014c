package io.sluice.engine.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.PipelineConfig;
import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.change.ReplayableRecord;
import io.sluice.connector.writer.FlushResult;
import io.sluice.engine.governance.GovernanceChain;
import io.sluice.engine.pipeline.Warehouse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Puts quarantined records through the pipeline again — the file's checking rules (filter, quality) as
 * they are now, then the writer — and removes them from quarantine in the same transaction. A record
 * that still does not pass lands in quarantine again, with the new reason.
 *
 * <p>Quarantined records are stored governed (masked, hashed), so the rules that change values do not
 * run again; a record the warehouse refused passed every rule already and goes straight to the writer.
 * A check placed before a rule that changes its column sees the changed value on replay.
 *
 * <p>A replayed change is applied as it was: when its row changed at the source since, replay it
 * before those later changes matter, or re-snapshot the table.
 */
final class Replay {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one replay did. */
    record Outcome(int replayed, int upserted, int deleted, int quarantinedAgain) {
    }

    private Replay() {
    }

    static Outcome run(PipelineConfig config, Warehouse warehouse, List<QuarantineStore.Entry> entries,
                       QuarantineStore store) throws SQLException {
        Map<String, List<QuarantineStore.Entry>> bySource = new LinkedHashMap<>();
        for (QuarantineStore.Entry entry : entries) {
            bySource.computeIfAbsent(entry.source(), s -> new java.util.ArrayList<>()).add(entry);
        }
        int upserted = 0;
        int deleted = 0;
        int again = 0;
        for (Map.Entry<String, List<QuarantineStore.Entry>> source : bySource.entrySet()) {
            ReductionBuffer buffer = new ReductionBuffer(Integer.MAX_VALUE, Long.MAX_VALUE);
            ChangeEventReader reader = new ChangeEventReader();
            try (GovernanceChain checks = GovernanceChain.checksOnly(config.governance(), config.file())) {
                for (QuarantineStore.Entry entry : source.getValue()) {
                    SourceRecord record = recordOf(entry);
                    if (record == null) {
                        buffer.quarantine(new Quarantined(entry.table(), entry.key(), entry.rule(),
                                entry.reason() + " (not replayable: stored without its schema)", null, null, entry.record()));
                        continue;
                    }
                    boolean passedEveryRule = entry.rule().equals("warehouse") || entry.rule().equals("decode");
                    SourceRecord governed = passedEveryRule ? record : checks.apply(record, buffer::quarantine);
                    if (governed != null) {
                        reader.read(governed, buffer);
                    }
                }
            }
            FlushResult result = warehouse.writer(source.getKey()).write(buffer.drain(), store.removal(source.getValue()));
            upserted += result.upserted();
            deleted += result.deleted();
            again += result.quarantined();
        }
        return new Outcome(entries.size(), upserted, deleted, again);
    }

    /** The record as it was quarantined, or null when it was stored without its schemas. */
    static SourceRecord recordOf(QuarantineStore.Entry entry) {
        if (entry.record() == null) {
            return null;
        }
        try {
            JsonNode stored = JSON.readTree(entry.record());
            String topic = stored.path("topic").asText(null);
            SchemaAndValue key = ReplayableRecord.read(topic, JSON.writeValueAsString(stored.get("key")));
            SchemaAndValue value = ReplayableRecord.read(topic, JSON.writeValueAsString(stored.get("value")));
            Map<String, ?> partition = stored.has("partition") ? JSON.convertValue(stored.get("partition"), Map.class) : null;
            Map<String, ?> offset = stored.has("offset") ? JSON.convertValue(stored.get("offset"), Map.class) : null;
            return new SourceRecord(partition, offset, topic, null, key.schema(), key.value(), value.schema(), value.value());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
