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
 * <p>Runs on the source's flushing thread only. What the last transaction wrote is kept for the live
 * feed, which takes it once the flush has committed ({@link #takeWritten}).
 */
final class OutboxWriter implements TransactionParticipant {

    /** Without targets the feed is all the messages are for: a flush's last few are enough. */
    private static final int FEED_ONLY = LiveFeed.CAPACITY;

    private final String pipeline;
    private final List<ForwardTarget> targets;
    private final OutboxTable outbox;
    private final ChangeMessages messages;
    private long nextSeq;
    private volatile List<ChangeMessage> lastWritten = List.of();

    OutboxWriter(String pipeline, List<ForwardTarget> targets, OutboxTable outbox, long lastSeq) {
        this.pipeline = pipeline;
        this.targets = List.copyOf(targets);
        this.outbox = outbox;
        this.messages = new ChangeMessages(pipeline);
        this.nextSeq = lastSeq + 1;
    }

    @Override
    public void written(Connection connection, List<TableChanges> changes) throws SQLException {
        List<ChangeMessage> written = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (TableChanges table : changes) {
            if (targets.isEmpty()) {
                int skip = Math.max(0, table.size() - FEED_ONLY);
                // Encoding every change only to show a few is waste; the feed keeps the newest.
                written.addAll(messages.of(skip == 0 ? table : table.subset(table.changes().subList(skip, table.size()))));
                continue;
            }
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
        lastWritten = written;
    }

    @Override
    public void beforeCommit(Connection connection) {
    }

    /** What the last transaction wrote, once: called after it committed. */
    List<ChangeMessage> takeWritten() {
        List<ChangeMessage> taken = lastWritten;
        lastWritten = List.of();
        return taken;
    }
}
