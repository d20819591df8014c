package io.sluice.connector.change;

import io.sluice.connector.type.connect.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A quarantined record kept whole — topic, source partition and offset, key and value with their Connect
 * schemas (Connect's JSON converter with schemas) — so {@code sluice quarantine replay} can hand the very
 * same record to the pipeline again once a rule or the data is fixed.
 *
 * <p>The form: {@code {"topic": …, "partition": {…}, "offset": {…}, "key": {"schema": …, "payload": …},
 * "value": {"schema": …, "payload": …}}}.
 */
public final class ReplayableRecord {

    private ReplayableRecord() {
    }

    public static String write(ConnectRecord<?> record) {
        JsonConverter converter = converter();
        StringBuilder json = new StringBuilder("{\"topic\":").append(JsonText.of(record.topic()));
        if (record instanceof SourceRecord source) {
            json.append(",\"partition\":").append(JsonText.of(source.sourcePartition()))
                    .append(",\"offset\":").append(JsonText.of(source.sourceOffset()));
        }
        json.append(",\"key\":").append(text(converter.fromConnectData(record.topic(), record.keySchema(), record.key())))
                .append(",\"value\":").append(text(converter.fromConnectData(record.topic(), record.valueSchema(),
                        record.value())))
                .append('}');
        return json.toString();
    }

    /** The record's key or value back from its JSON-with-schema form. */
    public static SchemaAndValue read(String topic, String keyOrValueJson) {
        return converter().toConnectData(topic, keyOrValueJson.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonConverter converter() {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true", "converter.type", "value"), false);
        return converter;
    }

    private static String text(byte[] json) {
        return json == null ? "null" : new String(json, StandardCharsets.UTF_8);
    }
}
