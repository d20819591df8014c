package io.sluice.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.config.EventFormat;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.EventTable;
import io.sluice.connector.change.Quarantined;
import io.sluice.connector.type.connect.JsonText;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns one received JSON object for a declared table into the Connect record a Debezium connector would
 * have produced for the same change, so governance, the merge buffer and the writer are the database
 * sources' own (DESIGN.md, "Events that are not database changes"). Every transport (HTTP, Kafka,
 * RabbitMQ, NATS) decodes through this. An object that does not fit becomes a {@link Quarantined} entry
 * with the reason and the field, never an exception and never nothing.
 *
 * <p>Immutable and thread-safe: requests decode in parallel.
 */
public final class EventDecoder {

    /** Longest event id kept; a longer one is more likely a mistake than an id. */
    static final int MAX_EVENT_ID_LENGTH = 200;

    private final EventSourceConfig config;
    private final Map<String, EventTableSchema> tables = new HashMap<>();
    private final AtomicLong origins = new AtomicLong();

    public EventDecoder(EventSourceConfig config) {
        this.config = config;
        for (EventTable table : config.tables()) {
            tables.put(table.name(), new EventTableSchema(config.name(), table));
        }
    }

    public boolean declares(String table) {
        return tables.containsKey(table);
    }

    /**
     * @param table       a declared table
     * @param object      one received JSON value (anything; not an object is rejected)
     * @param line        where it started, 1-based
     * @param receivedAt  when it arrived, epoch milliseconds
     * @param origin      the request or message it came in, unique within the source (see {@link #newOrigin})
     */
    public DecodedEvent decode(String table, JsonNode object, int line, long receivedAt, String origin) {
        EventTableSchema schema = tables.get(table);
        if (schema == null) {
            throw new IllegalArgumentException("table " + table + " is not declared by source " + config.name());
        }
        String eventId = null;
        try {
            if (!object.isObject()) {
                throw new EventRejectedException(null, "expected a JSON object, got " + EventTableSchema.kindOf(object));
            }
            eventId = eventIdOf(object);
            Map<String, Object> position = position(origin, line, eventId);
            SourceRecord record = config.format() == EventFormat.DEBEZIUM
                    ? debezium(schema, object, position, receivedAt)
                    : row(schema, object, position, receivedAt);
            return new DecodedEvent(record, null, eventId, line);
        } catch (EventRejectedException e) {
            return new DecodedEvent(null, rejected(schema, object, line, e.describe(), position(origin, line, eventId)),
                    eventId, line);
        }
    }

    /** A quarantine entry for an event refused before decoding, e.g. one whose id is too long. */
    private Quarantined rejected(EventTableSchema schema, JsonNode object, int line, String reason,
                                 Map<String, Object> position) {
        return new Quarantined(config.name() + ":" + schema.table().name(), null, "decode",
                "line " + line + ": " + reason, object.toString(), JsonText.of(position), null);
    }

    private String eventIdOf(JsonNode object) {
        if (config.eventIdField() == null) {
            return null;
        }
        JsonNode id = object.get(config.eventIdField());
        if (id == null && config.format() == EventFormat.DEBEZIUM && object.path("payload").isObject()) {
            id = object.get("payload").get(config.eventIdField());
        }
        if (id == null && config.format() == EventFormat.DEBEZIUM) {
            JsonNode image = payloadOf(object).path("after").isObject() ? payloadOf(object).get("after")
                    : payloadOf(object).path("before");
            id = image.get(config.eventIdField());
        }
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isValueNode() || id.asText().length() > MAX_EVENT_ID_LENGTH) {
            throw new EventRejectedException(config.eventIdField(), "an event id must be a string or number of at most "
                    + MAX_EVENT_ID_LENGTH + " characters");
        }
        return id.asText();
    }

    private SourceRecord row(EventTableSchema schema, JsonNode object, Map<String, Object> position, long receivedAt) {
        JsonNode op = object.get(config.deleteField());
        boolean delete = op != null && "d".equals(op.asText());
        if (op != null && !delete && !op.isNull() && !"c".equals(op.asText()) && !"u".equals(op.asText())) {
            throw new EventRejectedException(config.deleteField(), "expected \"d\" (delete), \"c\" or \"u\" (upsert)");
        }
        if (!delete) {
            rejectUnknownFields(schema, object, true);
        }
        Struct image = schema.row(object, delete);
        return record(schema, delete ? "d" : "c", delete ? image : null, delete ? null : image, position, receivedAt);
    }

    private SourceRecord debezium(EventTableSchema schema, JsonNode object, Map<String, Object> position, long receivedAt) {
        JsonNode event = payloadOf(object);
        JsonNode op = event.get("op");
        if (op == null || !op.isTextual()) {
            throw new EventRejectedException("op", "a Debezium change event needs \"op\": \"c\", \"r\", \"u\" or \"d\"");
        }
        String operation = op.textValue();
        JsonNode before = event.get("before");
        JsonNode after = event.get("after");
        switch (operation) {
            case "c", "r", "u" -> {
                if (after == null || !after.isObject()) {
                    throw new EventRejectedException("after", "a create or update needs the row in \"after\"");
                }
                rejectUnknownFields(schema, after, false);
                Struct row = schema.row(after, false);
                Struct old = before != null && before.isObject() ? schema.row(before, false) : null;
                return record(schema, operation, old, row, position, receivedAt);
            }
            case "d" -> {
                if (before == null || !before.isObject()) {
                    throw new EventRejectedException("before", "a delete needs the row or its key in \"before\"");
                }
                return record(schema, "d", schema.row(before, true), null, position, receivedAt);
            }
            default -> throw new EventRejectedException("op", "expected \"c\", \"r\", \"u\" or \"d\"");
        }
    }

    /** Debezium's JSON converter wraps the event in {@code {"schema": ..., "payload": ...}} when schemas are on. */
    private static JsonNode payloadOf(JsonNode object) {
        JsonNode payload = object.get("payload");
        return payload != null && payload.isObject() && object.has("schema") ? payload : object;
    }

    private void rejectUnknownFields(EventTableSchema schema, JsonNode row, boolean plainRow) {
        if (config.ignoreUnknownFields()) {
            return;
        }
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            boolean known = schema.hasColumn(name) || (plainRow && (name.equals(config.deleteField())
                    || name.equals(config.eventIdField())));
            if (!known) {
                throw new EventRejectedException(name.length() > 64 ? name.substring(0, 64) + "..." : name,
                        "not a declared column of " + schema.table().name() + " (unknown-fields: quarantine)");
            }
        }
    }

    private SourceRecord record(EventTableSchema schema, String op, Struct before, Struct after,
                                Map<String, Object> position, long receivedAt) {
        Struct envelope = schema.envelope(before, after, op, receivedAt);
        Struct key = schema.keyOf(after != null ? after : before);
        return new SourceRecord(partition(), position, schema.topic(), null, schema.keySchema(), key,
                schema.envelope(), envelope, receivedAt);
    }

    private Map<String, ?> partition() {
        return Map.of("source", config.name());
    }

    /**
     * Where an event stands in its source: its event id when it has one (a retried request gives the same
     * position), else the request or message it came in and its line there. History tables are keyed by row
     * and position, and forwarded messages' ids are made of them, so two events must never share one.
     */
    private Map<String, Object> position(String origin, int line, String eventId) {
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("source", config.name());
        if (eventId != null) {
            position.put("event", eventId);
        } else {
            position.put("origin", origin);
            position.put("line", line);
        }
        return position;
    }

    /** A new origin for a request or message without an id of its own: unique within this source while it runs,
     *  and, being made of the time it arrived, across restarts. */
    public String newOrigin(long receivedAt) {
        return receivedAt + "-" + origins.incrementAndGet();
    }
}
