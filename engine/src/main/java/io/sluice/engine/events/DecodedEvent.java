package io.sluice.engine.events;

import io.sluice.connector.change.Quarantined;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One received event after decoding: a change record for the shared path, or the quarantine entry saying
 * why it does not fit; and its event id, when the source names an id field and the event has one.
 *
 * @param line where the event started in what was received (1-based), for answers and quarantine
 */
public record DecodedEvent(SourceRecord record, Quarantined rejected, String eventId, int line) {

    public boolean isRejected() {
        return rejected != null;
    }

    /**
     * The key under which the event's id is kept among the source's applied ids, or null when it has no id.
     * Quarantined events have one too: an event is taken once, applied or quarantined.
     */
    public String idKey(String table) {
        return eventId == null ? null : "event:" + table + ":" + eventId;
    }
}
