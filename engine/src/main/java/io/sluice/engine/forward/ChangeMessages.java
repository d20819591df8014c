package io.sluice.engine.forward;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connector.buffer.TableChanges;
import io.sluice.connector.buffer.Version;
import io.sluice.connector.buffer.Versions;
import io.sluice.connector.type.Column;
import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.Unavailable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
        try {
            for (TableChanges.Change change : changes.changes()) {
                Version version = Versions.of(change);
                // Streamed, not built as a tree: this runs for every change inside the flush's transaction.
                StringWriter keyText = new StringWriter(32);
                try (JsonGenerator key = JSON.getFactory().createGenerator(keyText)) {
                    key.writeStartObject();
                    Object[] keyValues = change.key().values();
                    for (int i = 0; i < keyColumns.size() && i < keyValues.length; i++) {
                        key.writeFieldName(keyColumns.get(i).name());
                        write(key, keyColumns.get(i), keyValues[i]);
                    }
                    key.writeEndObject();
                }
                String id = id(sha256, pipeline, source, table, keyText.toString(), version.position());
                StringWriter text = new StringWriter(256);
                try (JsonGenerator message = JSON.getFactory().createGenerator(text)) {
                    message.writeStartObject();
                    message.writeStringField("id", id);
                    message.writeStringField("pipeline", pipeline);
                    message.writeStringField("source", source);
                    message.writeStringField("table", table);
                    message.writeStringField("op", change.isDelete() ? "delete" : "upsert");
                    message.writeFieldName("key");
                    message.writeRawValue(keyText.toString());
                    message.writeFieldName("values");
                    if (change.isDelete()) {
                        message.writeNull();
                    } else {
                        message.writeStartObject();
                        Object[] row = change.row();
                        for (int i = 0; i < columns.size() && i < row.length; i++) {
                            if (row[i] != Unavailable.VALUE) { // not sent by the source because unchanged
                                message.writeFieldName(columns.get(i).name());
                                write(message, columns.get(i), row[i]);
                            }
                        }
                        message.writeEndObject();
                    }
                    message.writeStringField("position", version.position());
                    message.writeStringField("committed_at", version.at().toString());
                    message.writeEndObject();
                }
                messages.add(new ChangeMessage(id, source, table, text.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
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
    private static void write(JsonGenerator out, Column column, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof BigDecimal decimal) {
            out.writeNumber(decimal);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                out.writeNumber(d);
            } else {
                out.writeString(Double.toString(d)); // JSON has no NaN or Infinity
            }
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof byte[] bytes) {
            out.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            out.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof String text && column.type().kind() == ColumnType.Kind.JSON) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(text); // parsed, never copied raw: the message must stay valid JSON
            } catch (JsonProcessingException notJson) {
                parsed = null;
            }
            if (parsed == null) {
                out.writeString(text);
            } else {
                out.writeTree(parsed);
            }
        } else {
            out.writeString(value.toString());
        }
    }
}
