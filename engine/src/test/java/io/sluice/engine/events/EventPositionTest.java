package io.sluice.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.EventColumnType;
import io.sluice.config.EventFormat;
import io.sluice.config.EventSourceConfig;
import io.sluice.config.EventSourceType;
import io.sluice.config.EventTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where a decoded event stands: history tables are keyed by row and position, and forwarded messages' ids
 * are made of key and position, so two events must never share a position — not when two requests or two
 * queue messages change the same key from their first line — while a retried event with an id keeps its own.
 */
class EventPositionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventDecoder decoder = new EventDecoder(new EventSourceConfig("web", EventSourceType.HTTP, "token",
            EventFormat.ROWS, EventSourceConfig.DEFAULT_DELETE_FIELD, "eid", false,
            List.of(new EventTable("events", List.of("id"), Map.of("id", EventColumnType.BIGINT, "eid", EventColumnType.TEXT,
                    "note", EventColumnType.TEXT))),
            EventSourceConfig.DEFAULT_MAX_REQUEST_BYTES, 1_000, null, null));

    @SuppressWarnings("unchecked")
    private Map<String, Object> positionOf(Map<String, Object> event, String origin) {
        DecodedEvent decoded = decoder.decode("events", JSON.valueToTree(event), 1, 1_700_000_000_000L, origin);
        return (Map<String, Object>) decoded.record().sourceOffset();
    }

    @Test
    void twoRequestsChangingOneKeyFromTheirFirstLineStandApart() {
        long now = System.currentTimeMillis();
        String first = decoder.newOrigin(now);
        String second = decoder.newOrigin(now);

        assertThat(first).isNotEqualTo(second);
        assertThat(positionOf(Map.of("id", 1, "note", "a"), first))
                .isNotEqualTo(positionOf(Map.of("id", 1, "note", "b"), second));
    }

    @Test
    void anEventWithAnIdStandsWhereItsIdSaysWhicheverRequestBringsIt() {
        Map<String, Object> event = Map.of("id", 1, "eid", "e-42", "note", "a");

        assertThat(positionOf(event, decoder.newOrigin(1))).isEqualTo(positionOf(event, decoder.newOrigin(2)))
                .containsEntry("event", "e-42");
    }
}
