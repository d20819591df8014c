package io.sluice.engine.forward;

import io.sluice.connector.buffer.TableChanges;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The newest committed changes, as the messages the outbox forwards, for the status page's live feed.
 * Bounded: it keeps the last {@link #CAPACITY}.
 *
 * <p>A pipeline that forwards has the messages encoded already, for the outbox. One that does not hands
 * the feed its changes as they are: they are encoded here only when someone reads the feed, so that no
 * JSON is made on the committing threads for a page nobody has open.
 */
public final class LiveFeed {

    static final int CAPACITY = 50;

    private final ChangeMessages messages;
    private final ArrayDeque<Slot> entries = new ArrayDeque<>(CAPACITY);
    private long lastNumber;

    LiveFeed(String pipeline) {
        this.messages = new ChangeMessages(pipeline);
    }

    /** A feed entry: the message's JSON, numbered so a poller can ask for what is new. */
    public record Entry(long number, String payload) {
    }

    /** Changes of one table not encoded yet; all of its slots' messages are made at once, when first read. */
    private static final class Unencoded {
        private final TableChanges changes;
        private List<ChangeMessage> encoded;

        Unencoded(TableChanges changes) {
            this.changes = changes;
        }
    }

    /** One entry: its payload, or its place among changes not encoded yet. */
    private record Slot(long number, String payload, Unencoded group, int index) {
    }

    synchronized void add(List<ChangeMessage> committed) {
        int skip = Math.max(0, committed.size() - CAPACITY);
        for (ChangeMessage message : committed.subList(skip, committed.size())) {
            append(new Slot(++lastNumber, message.payload(), null, 0));
        }
    }

    /** A flush's changes, unencoded: only its newest {@link #CAPACITY} are kept (a copy, not the flush). */
    synchronized void addUnencoded(List<TableChanges> committed) {
        int total = 0;
        for (TableChanges table : committed) {
            total += table.isTruncation() ? 0 : table.size();
        }
        int skip = Math.max(0, total - CAPACITY);
        for (TableChanges table : committed) {
            if (table.isTruncation() || table.size() == 0) {
                continue; // a TRUNCATE has no message
            }
            if (skip >= table.size()) {
                skip -= table.size();
                continue;
            }
            List<TableChanges.Change> changes = table.lastChanges(table.size() - skip);
            Unencoded group = new Unencoded(table.subset(changes));
            for (int i = 0; i < changes.size(); i++) {
                append(new Slot(++lastNumber, null, group, i));
            }
            skip = 0;
        }
    }

    private void append(Slot slot) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(slot);
    }

    /** The entries numbered above {@code after}, newest first. */
    public synchronized List<Entry> after(long after) {
        List<Entry> newer = new ArrayList<>();
        for (Slot slot : entries) {
            if (slot.number() > after) {
                newer.add(new Entry(slot.number(), payload(slot)));
            }
        }
        Collections.reverse(newer);
        return newer;
    }

    private String payload(Slot slot) {
        if (slot.payload() != null) {
            return slot.payload();
        }
        Unencoded group = slot.group();
        if (group.encoded == null) {
            group.encoded = messages.of(group.changes);
        }
        return group.encoded.get(slot.index()).payload();
    }
}
