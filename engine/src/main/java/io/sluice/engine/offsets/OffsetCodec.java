package io.sluice.engine.offsets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Serializes source partitions and offsets exactly as Kafka Connect's {@code OffsetStorageWriter} does
 * inside the embedded engine (a JSON converter without schemas; the key is {@code [engineName,
 * partition]}), so the offsets we commit with the rows are byte for byte what the engine looks up.
 */
public final class OffsetCodec {

    private final String engineName;
    private final JsonConverter converter = new JsonConverter();

    public OffsetCodec(String engineName) {
        this.engineName = engineName;
        converter.configure(Map.of("schemas.enable", "false", "converter.type", "key"), true);
    }

    public String key(Map<String, ?> partition) {
        return text(converter.fromConnectData(engineName, null, Arrays.asList(engineName, partition)));
    }

    public String value(Map<String, ?> offset) {
        return text(converter.fromConnectData(engineName, null, offset));
    }

    /** An offset as {@link #value} wrote it, read back. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> readValue(String json) {
        Object value = converter.toConnectData(engineName, json.getBytes(StandardCharsets.UTF_8)).value();
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }
}
