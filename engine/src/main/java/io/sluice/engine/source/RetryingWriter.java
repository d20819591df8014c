package io.sluice.engine.source;

import io.sluice.config.RetryConfig;
import io.sluice.connector.buffer.Flush;
import io.sluice.connector.writer.FlushResult;
import io.sluice.connector.writer.TransactionParticipant;
import io.sluice.connector.writer.WarehouseWriter;
import io.sluice.engine.pipeline.FlushListener;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one source's flushes, trying again with {@link Backoff} while the warehouse itself fails and
 * {@code flush.retry.max-duration} lasts; meanwhile the caller does not return, so its source waits
 * (DESIGN.md, decisions 6 and 7). Past the budget it throws, naming the warehouse and its last error;
 * nothing of the flush was committed. A flush the warehouse refuses for its data is the writer's business
 * (quarantine) and is never retried here. Every kind of source writes through one of these.
 */
public final class RetryingWriter {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingWriter.class);

    private final String source;
    private final WarehouseWriter writer;
    private final RetryConfig retry;
    private final String warehouse;
    private final FlushListener listener;

    /** @param warehouse what the warehouse is and where, without credentials, for messages */
    public RetryingWriter(String source, WarehouseWriter writer, RetryConfig retry, String warehouse,
                          FlushListener listener) {
        this.source = source;
        this.writer = writer;
        this.retry = retry;
        this.warehouse = warehouse;
        this.listener = listener;
    }

    public WarehouseWriter writer() {
        return writer;
    }

    /**
     * Writes the flush and the participant's rows in one transaction.
     *
     * @param events the changes the flush holds before merging, for messages
     * @throws WarehouseWriteException when the warehouse refused the data or failed past the retry budget
     * @throws InterruptedException    when the source is stopped during a wait between tries
     */
    public FlushResult write(Flush flush, TransactionParticipant participant, int events) throws InterruptedException {
        Backoff backoff = null;
        while (true) {
            try {
                FlushResult result = writer.write(flush, participant);
                if (backoff != null) {
                    LOG.info("Source '{}': the {} took the flush of {} changes after {} failed tries in {} s",
                            source, warehouse, events, backoff.failures(), backoff.elapsed().toSeconds());
                }
                return result;
            } catch (SQLException e) {
                // Not Kafka's RetriableException: the engine would drop the batch and poll on.
                if (writer.dialect().isDataError(e)) {
                    throw new WarehouseWriteException("the " + warehouse + " refused "
                            + events + " changes: " + e.getMessage(), e);
                }
                backoff = backoff == null ? new Backoff(retry) : backoff;
                OptionalLong delay = backoff.nextDelay();
                if (delay.isEmpty()) {
                    throw new WarehouseWriteException("the " + warehouse + " failed every try"
                            + " to write " + events + " changes for " + backoff.elapsed().toSeconds() + " s ("
                            + backoff.failures() + " tries; flush.retry.max-duration is " + retry.maxDuration().toSeconds()
                            + " s); last error: " + e.getMessage() + ". Nothing of it was committed: once the warehouse"
                            + " is back, a restart resumes from the last committed flush", e);
                }
                LOG.warn("Source '{}': the {} failed to take a flush of {} changes ({}); try {} in {} ms, capture"
                        + " paused", source, warehouse, events, e.getMessage(), backoff.failures() + 1,
                        delay.getAsLong());
                listener.retrying(source);
                Thread.sleep(delay.getAsLong());
            }
        }
    }
}
