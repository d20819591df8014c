package io.sluice.connector.change;

import io.sluice.connector.type.connect.JsonText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record that was not applied to the warehouse, with why: it goes to the quarantine table in the same
 * transaction as the flush's rows (DESIGN.md, decision 6), so it is never lost.
 *
 * @param table    the source table, or the topic when the record names none
 * @param key      the record key as JSON, or null
 * @param rule     what rejected it: a governance rule's name, or {@code warehouse} / {@code decode}
 * @param reason   the message saying what was wrong
 * @param payload  the original record value as JSON
 * @param position where the record came from as JSON: the source offset, or topic/partition/offset
 * @param record   the whole record with its schemas ({@link ReplayableRecord}), so it can be replayed exactly
 */
public record Quarantined(String table, String key, String rule, String reason, String payload, String position,
                          String record) {

    public static Quarantined of(ConnectRecord<?> record, String table, String rule, String reason) {
        return new Quarantined(table != null ? table : record.topic(),
                record.key() == null ? null : JsonText.of(record.key()),
                rule, reason,
                record.value() == null ? null : JsonText.of(record.value()),
                JsonText.of(positionOf(record)),
                replayable(record));
    }

    /** The record in replayable form, or null when even Connect's JSON converter cannot write it. */
    private static String replayable(ConnectRecord<?> record) {
        try {
            return ReplayableRecord.write(record);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, ?> positionOf(ConnectRecord<?> record) {
        if (record instanceof SourceRecord source && source.sourceOffset() != null) {
            return source.sourceOffset();
        }
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("topic", record.topic());
        position.put("partition", record.kafkaPartition());
        if (record instanceof SinkRecord sink) {
            position.put("offset", sink.kafkaOffset());
        }
        return position;
    }
}
