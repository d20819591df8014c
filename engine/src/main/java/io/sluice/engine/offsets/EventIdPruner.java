package io.sluice.engine.offsets;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code _sluice_event_ids} to each event source's dedupe window: a background thread deletes the
 * ids committed before it, {@link #BATCH} rows per transaction, so that it never holds locks long beside the
 * sources' own commits (which insert new ids into the same table). It uses one pooled connection at a time.
 *
 * <p>Housekeeping only: a pass that fails (the warehouse away) is logged and tried again at the next.
 */
public final class EventIdPruner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventIdPruner.class);

    /** Rows deleted per transaction. */
    public static final int BATCH = 1_000;

    private static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);

    private final DataSource dataSource;
    private final EventIdTable table;
    private final String pipeline;
    private final Map<String, Duration> windows;
    private final Duration pause;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;

    /**
     * @param windows each event source's name and its dedupe window
     */
    public EventIdPruner(DataSource dataSource, EventIdTable table, String pipeline, Map<String, Duration> windows) {
        this.dataSource = dataSource;
        this.table = table;
        this.pipeline = pipeline;
        this.windows = new LinkedHashMap<>(windows);
        // Often enough that the table holds little beyond the window; a tenth of it, at most every 5 minutes.
        Duration shortest = windows.values().stream().min(Duration::compareTo).orElse(LONGEST_PAUSE);
        Duration tenth = shortest.dividedBy(10);
        this.pause = tenth.compareTo(LONGEST_PAUSE) < 0 ? tenth : LONGEST_PAUSE;
        this.thread = new Thread(this::run, "sluice-event-id-pruner");
        thread.setDaemon(true);
    }

    /** Starts the background thread; its first pass is at once. */
    public EventIdPruner start() {
        thread.start();
        return this;
    }

    /**
     * One pass over every source, now: deletes its ids older than its window, a transaction per {@link #BATCH}.
     *
     * @return how many ids were deleted
     */
    public synchronized long prune() throws SQLException {
        long deleted = 0;
        for (Map.Entry<String, Duration> source : windows.entrySet()) {
            LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(source.getValue());
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    int batch;
                    do {
                        batch = table.deleteOlderThan(connection, pipeline, source.getKey(), cutoff, BATCH);
                        connection.commit();
                        deleted += batch;
                    } while (batch == BATCH && stopping.getCount() > 0);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            }
        }
        return deleted;
    }

    private void run() {
        do {
            try {
                long deleted = prune();
                if (deleted > 0) {
                    LOG.info("Forgot {} event ids older than the dedupe window", deleted);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("Could not delete expired event ids (will try again in {}): {}", pause, e.getMessage());
            }
        } while (!awaitStop(pause));
    }

    private boolean awaitStop(Duration wait) {
        try {
            return stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Stops after the transaction in hand, if any; before the pool closes. */
    @Override
    public void close() {
        stopping.countDown();
        if (thread.isAlive()) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
