package io.sluice.engine.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an ingest request body: one JSON value, a JSON array of them, or newline-delimited JSON. Numbers
 * keep every digit ({@code 12.50} stays 12.50); nesting, number and string lengths are bounded, and a key
 * given twice in one object is an error, so a hostile body costs little and means one thing. A body that is
 * not JSON is an {@link HttpError} 400 naming the line, the column and the field.
 */
final class IngestBody {

    /** Deep enough for any JSON column, shallow enough that no body can exhaust the stack. */
    static final int MAX_NESTING = 64;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(1000)
                    .build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // A key given twice is an error. Checked as the tree is built (one map put per key) rather than by
            // the parser's STRICT_DUPLICATE_DETECTION (as the queue sources do, one event per message), which
            // made a HashSet per object of three or more keys: a tenth of an HTTP thread's time for 1,000-event
            // requests.
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** One value and the line it starts on. */
    record Item(JsonNode value, int line) {
    }

    private IngestBody() {
    }

    static List<Item> parse(byte[] body) {
        List<Item> items = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw HttpError.badRequest("the body holds no JSON: send an object, an array of objects, or one"
                            + " object per line");
                }
                if (first == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        items.add(new Item(JSON.readTree(parser), line(parser)));
                    }
                    if (parser.nextToken() != null) {
                        throw error(parser.currentLocation(), null, "nothing may follow the array");
                    }
                } else {
                    do {
                        int line = line(parser);
                        items.add(new Item(JSON.readTree(parser), line));
                    } while (parser.nextToken() != null);
                }
            } catch (JsonProcessingException e) {
                String message = e.getOriginalMessage();
                if (message != null && message.startsWith("Duplicate field")) {
                    message = "the key is given twice in one object"; // not Jackson's words, which name its setting
                }
                throw error(e.getLocation(), parser.getParsingContext().getCurrentName(), message);
            }
        } catch (HttpError e) {
            throw e;
        } catch (IOException e) {
            throw HttpError.badRequest("the body could not be read: " + e.getMessage());
        }
        return items;
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static HttpError error(JsonLocation location, String field, String message) {
        String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        // The parser's message may quote part of the body; cut it short rather than echo a large input.
        String what = message == null ? "not valid JSON" : message.length() > 300 ? message.substring(0, 300) + "..." : message;
        return HttpError.badRequest("malformed JSON at " + where + (field == null ? "" : " (field '"
                + (field.length() > 64 ? field.substring(0, 64) + "..." : field) + "')") + ": " + what);
    }
}
