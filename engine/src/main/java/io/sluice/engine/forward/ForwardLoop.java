package io.sluice.engine.forward;

import io.sluice.config.ForwardTarget;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target's publisher thread: reads the target's oldest outbox rows, publishes them, and deletes them
 * only once the target confirmed them. A failure (broker down, refused, timed out) keeps the rows and
 * tries again after an exponential back-off with jitter, without end: it delays this target only,
 * never the warehouse, whose flushes just add rows to the outbox.
 */
final class ForwardLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ForwardLoop.class);
    private static final long INITIAL_DELAY_MS = 200;
    private static final long MAX_DELAY_MS = 30_000;
    /** Flushes wake the loop; this is how long it waits for one before looking anyway. */
    private static final long IDLE_POLL_MS = 1_000;

    private final String pipeline;
    private final ForwardTarget target;
    private final OutboxTable outbox;
    private final Publisher publisher;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();
    private volatile boolean stopped;
    private volatile String lastError;
    private int failures;

    ForwardLoop(String pipeline, ForwardTarget target, OutboxTable outbox, Publisher publisher) {
        this.pipeline = pipeline;
        this.target = target;
        this.outbox = outbox;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                List<OutboxTable.Row> batch;
                try {
                    batch = outbox.oldest(pipeline, target.name(), target.batchSize());
                    if (batch.isEmpty()) {
                        wake.tryAcquire(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                        wake.drainPermits();
                        continue;
                    }
                    publisher.publish(batch);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failed(e);
                    continue;
                }
                try {
                    outbox.delete(pipeline, target.name(), batch);
                } catch (Exception e) {
                    // Published but still in the outbox: sent again later, with the same ids.
                    failed(e);
                    continue;
                }
                published.addAndGet(batch.size());
                if (failures > 0) {
                    LOG.info("Forward target '{}' is back after {} failed tries", target.name(), failures);
                    failures = 0;
                    lastError = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            publisher.close();
        }
    }

    private void failed(Exception e) throws InterruptedException {
        publisher.reset();
        failures++;
        // A client's message may name the server's URL, user and password included: never show those.
        lastError = (e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                .replaceAll("//[^/@\\s]*@", "//****@");
        long base = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS << Math.min(failures - 1, 20));
        long delay = base - ThreadLocalRandom.current().nextLong(base / 2 + 1);
        // The first failure and then every tenth: a long outage should not flood the log.
        if (failures == 1 || failures % 10 == 0) {
            LOG.warn("Forward target '{}' ({}) failed ({} tries): {}; the changes wait in {}, next try in {} ms",
                    target.name(), target.type().name().toLowerCase(), failures, lastError, OutboxTable.TABLE, delay);
        }
        Thread.sleep(delay);
    }

    /** A flush committed: there may be rows to forward. */
    void wake() {
        wake.release();
    }

    void stop() {
        stopped = true;
        wake.release();
    }

    ForwardTarget target() {
        return target;
    }

    long published() {
        return published.get();
    }

    /** The last failure while it lasts; null once a batch got through. */
    String lastError() {
        return lastError;
    }
}
