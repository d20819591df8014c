package io.sluice.engine.forward;

import io.sluice.config.ForwardTarget;
import io.sluice.connector.buffer.TableChanges;
import io.sluice.connector.writer.TransactionParticipant;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox's part of one source's flushes: in the flush's transaction, after the rows, writes each
 * change the warehouse took to {@code _sluice_outbox} once per target that wants its table. The rows
 * and their outbox entries commit together or not at all, so nothing committed goes unforwarded and
 * nothing rolled back is forwarded (DESIGN.md, "Events that are not database changes").
 *
 * <p>Writes on the source's flushing thread (an HTTP source that forwards nowhere may flush on two; with
 * targets, one: the sequence is not shared). What each thread's last transaction wrote is kept for the live
 * feed, which takes it on that thread once the flush has committed ({@link #feed}).
 */
final class OutboxWriter implements TransactionParticipant {

    private final String pipeline;
    private final List<ForwardTarget> targets;
    private final OutboxTable outbox;
    private final ChangeMessages messages;
    private long nextSeq;
    private final ThreadLocal<List<ChangeMessage>> lastWritten = ThreadLocal.withInitial(List::of);
    /** Without targets: the last transaction's changes, for the feed to encode if anyone reads it. */
    private final ThreadLocal<List<TableChanges>> lastUnencoded = ThreadLocal.withInitial(List::of);

    OutboxWriter(String pipeline, List<ForwardTarget> targets, OutboxTable outbox, long lastSeq) {
        this.pipeline = pipeline;
        this.targets = List.copyOf(targets);
        this.outbox = outbox;
        this.messages = new ChangeMessages(pipeline);
        this.nextSeq = lastSeq + 1;
    }

    @Override
    public void written(Connection connection, List<TableChanges> changes) throws SQLException {
        if (targets.isEmpty()) {
            // The feed is all the messages would be for: it encodes them if and when someone reads it.
            lastUnencoded.set(List.copyOf(changes));
            return;
        }
        List<ChangeMessage> written = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (TableChanges table : changes) {
            for (ChangeMessage message : messages.of(table)) {
                long seq = nextSeq++;
                for (ForwardTarget target : targets) {
                    if (target.forwards(message.table())) {
                        rows.add(new Object[] {target.name(), seq, message});
                    }
                }
                written.add(message);
            }
        }
        outbox.insert(connection, pipeline, rows);
        // A transaction that is tried again writes this again; the last one is the one that commits.
        lastWritten.set(written);
    }

    @Override
    public void beforeCommit(Connection connection) {
    }

    /** Hands the feed what the last transaction wrote, once: called after it committed. */
    void feed(LiveFeed feed) {
        List<ChangeMessage> written = lastWritten.get();
        List<TableChanges> unencoded = lastUnencoded.get();
        lastWritten.set(List.of());
        lastUnencoded.set(List.of());
        if (!written.isEmpty()) {
            feed.add(written);
        }
        if (!unencoded.isEmpty()) {
            feed.addUnencoded(unencoded);
        }
    }
}
