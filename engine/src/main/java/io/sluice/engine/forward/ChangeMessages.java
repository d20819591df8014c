package io.sluice.engine.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connector.buffer.TableChanges;
import io.sluice.connector.buffer.Version;
import io.sluice.connector.buffer.Versions;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.Unavailable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the changes a flush wrote into forwarded messages: one JSON object per merged change, with the
 * values as the warehouse holds them (governed: masked values stay masked).
 */
final class ChangeMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String pipeline;
    /** One per source's flushing thread, reused: looking the algorithm up per message costs more than hashing. */
    private final MessageDigest sha256;

    ChangeMessages(String pipeline) {
        this.pipeline = pipeline;
        this.sha256 = sha256();
    }

    /** The messages of one table's changes, in the flush's order; a TRUNCATE has none. */
    List<ChangeMessage> of(TableChanges changes) {
        if (changes.isTruncation()) {
            return List.of();
        }
        String source = changes.table().source();
        String table = changes.table().schema() == null ? changes.table().table()
                : changes.table().schema() + "." + changes.table().table();
        List<Column> columns = changes.schema().columns();
        List<Column> keyColumns = changes.schema().keyColumns();
        List<ChangeMessage> messages = new ArrayList<>(changes.size());
        for (TableChanges.Change change : changes.changes()) {
            Version version = Versions.of(change);
            ObjectNode key = NODES.objectNode();
            Object[] keyValues = change.key().values();
            for (int i = 0; i < keyColumns.size() && i < keyValues.length; i++) {
                key.set(keyColumns.get(i).name(), value(keyColumns.get(i), keyValues[i]));
            }
            String id = id(sha256, pipeline, source, table, key.toString(), version.position());
            ObjectNode message = NODES.objectNode();
            message.put("id", id);
            message.put("pipeline", pipeline);
            message.put("source", source);
            message.put("table", table);
            message.put("op", change.isDelete() ? "delete" : "upsert");
            message.set("key", key);
            if (change.isDelete()) {
                message.putNull("values");
            } else {
                ObjectNode values = message.putObject("values");
                Object[] row = change.row();
                for (int i = 0; i < columns.size() && i < row.length; i++) {
                    if (row[i] != Unavailable.VALUE) { // not sent by the source because unchanged
                        values.set(columns.get(i).name(), value(columns.get(i), row[i]));
                    }
                }
            }
            message.put("position", version.position());
            message.put("committed_at", version.at().toString());
            messages.add(new ChangeMessage(id, source, table, message.toString()));
        }
        return messages;
    }

    /**
     * 32 hex digits of SHA-256 over pipeline, source, table, key and source position: the same change
     * read again after a restart gets the same id, and the id fits every broker's message-id field.
     */
    static String id(MessageDigest sha, String pipeline, String source, String table, String keyJson, String position) {
        for (String part : new String[] {pipeline, source, table, keyJson, position}) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16); // digest() resets it for the next
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** A converted warehouse value as JSON: numbers exact, times ISO-8601, bytes base64, JSON nested. */
    private static JsonNode value(Column column, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof String text && column.type().kind() == ColumnType.Kind.JSON) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException notJson) {
                return NODES.textNode(text);
            }
        }
        return NODES.textNode(value.toString());
    }
}
