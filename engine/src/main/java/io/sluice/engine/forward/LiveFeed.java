package io.sluice.engine.forward;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The newest committed changes, as the messages the outbox forwards, for the status page's live feed.
 * Bounded: it keeps the last {@link #CAPACITY}.
 */
public final class LiveFeed {

    static final int CAPACITY = 50;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>(CAPACITY);
    private long lastNumber;

    /** A feed entry: the message's JSON, numbered so a poller can ask for what is new. */
    public record Entry(long number, String payload) {
    }

    synchronized void add(List<ChangeMessage> committed) {
        int skip = Math.max(0, committed.size() - CAPACITY);
        for (ChangeMessage message : committed.subList(skip, committed.size())) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.addLast(new Entry(++lastNumber, message.payload()));
        }
    }

    /** The entries numbered above {@code after}, newest first. */
    public synchronized List<Entry> after(long after) {
        List<Entry> newer = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.number() > after) {
                newer.add(entry);
            }
        }
        Collections.reverse(newer);
        return newer;
    }
}
