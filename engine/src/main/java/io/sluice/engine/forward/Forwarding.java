package io.sluice.engine.forward;

import io.sluice.config.ForwardTarget;
import io.sluice.config.PipelineConfig;
import io.sluice.connector.dialect.DatabaseDialect;
import io.sluice.connector.writer.FlushResult;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.engine.pipeline.Captured;
import io.sluice.engine.pipeline.FlushListener;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's forwarding: the outbox table, each source's {@link OutboxWriter} (its flushes' part of
 * the outbox), one {@link ForwardLoop} thread per {@code forward:} target, and the live feed. As a
 * {@link FlushListener} it hears of every committed flush: the feed takes what it wrote and the loops
 * wake up.
 */
public final class Forwarding implements FlushListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarding.class);

    private final String pipeline;
    private final List<ForwardTarget> targets;
    private final OutboxTable outbox;
    private final Map<String, OutboxWriter> writers = new ConcurrentHashMap<>();
    private final List<ForwardLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LiveFeed feed;
    private final Map<String, Counted> pendingCounts = new ConcurrentHashMap<>();

    private Forwarding(String pipeline, List<ForwardTarget> targets, OutboxTable outbox) {
        this.pipeline = pipeline;
        this.targets = targets;
        this.outbox = outbox;
        this.feed = new LiveFeed(pipeline);
    }

    /** Creates the outbox table when the pipeline forwards anywhere, and starts a publisher per target. */
    public static Forwarding start(PipelineConfig config, DataSource warehouse, DatabaseDialect dialect, String schema)
            throws SQLException {
        OutboxTable outbox = new OutboxTable(warehouse, dialect, schema);
        Forwarding forwarding = new Forwarding(config.name(), config.forward(), outbox);
        if (config.forward().isEmpty()) {
            return forwarding;
        }
        outbox.createIfMissing();
        for (ForwardTarget target : config.forward()) {
            ForwardLoop loop = new ForwardLoop(config.name(), target, outbox, Publisher.of(target));
            Thread thread = new Thread(loop, "sluice-forward-" + target.name());
            thread.setDaemon(true);
            forwarding.loops.add(loop);
            forwarding.threads.add(thread);
            thread.start();
        }
        LOG.info("Forwarding committed changes to {} target(s) through {}: {}", config.forward().size(),
                OutboxTable.TABLE, config.forward().stream().map(ForwardTarget::name).toList());
        return forwarding;
    }

    /**
     * The outbox's part of a source's flush transactions: compose it with the flush's other participants.
     * Its sequence continues after what the source's rows in the outbox already hold.
     */
    public TransactionParticipant participant(String source) throws SQLException {
        long lastSeq = targets.isEmpty() ? 0 : outbox.maxSeq(pipeline, source);
        OutboxWriter writer = new OutboxWriter(pipeline, targets, outbox, lastSeq);
        writers.put(source, writer);
        return writer;
    }

    @Override
    public void flushed(String source, Captured captured, FlushResult result, long lagMillis) {
        OutboxWriter writer = writers.get(source);
        if (writer != null) {
            writer.feed(feed);
        }
        for (ForwardLoop loop : loops) {
            loop.wake();
        }
    }

    /** Whether committed changes go anywhere but the live feed. */
    public boolean forwards() {
        return !targets.isEmpty();
    }

    public LiveFeed feed() {
        return feed;
    }

    /** Per target: type, published (this run), waiting in the outbox (counted now), and the last error. */
    public List<Map<String, Object>> status() {
        return status(0);
    }

    /**
     * As {@link #status()}, with counts of waiting rows up to {@code maxAgeMillis} old: the status page asks
     * every second, and counting a long outbox (or sharing DuckDB's one connection) should not cost the writer.
     */
    public List<Map<String, Object>> status(long maxAgeMillis) {
        List<Map<String, Object>> status = new ArrayList<>();
        for (ForwardLoop loop : loops) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("name", loop.target().name());
            target.put("type", loop.target().type().name().toLowerCase());
            target.put("published", loop.published());
            target.put("pending", pending(loop.target().name(), maxAgeMillis));
            target.put("error", loop.lastError());
            status.add(target);
        }
        return status;
    }

    /** Rows waiting for a target, counted at most {@code maxAgeMillis} ago; null when the warehouse did not answer. */
    private Long pending(String target, long maxAgeMillis) {
        long now = System.nanoTime();
        Counted counted = pendingCounts.get(target);
        if (counted == null || now - counted.at() >= maxAgeMillis * 1_000_000L) {
            Long count;
            try {
                count = outbox.pending(pipeline, target);
            } catch (SQLException e) {
                count = null;
            }
            counted = new Counted(count, now);
            pendingCounts.put(target, counted);
        }
        return counted.count();
    }

    private record Counted(Long count, long at) {
    }

    @Override
    public void close() {
        for (ForwardLoop loop : loops) {
            loop.stop();
        }
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
