package io.sluice.connector.writer;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one source's flushes on a thread of their own, one at a time and in order, so the next flush is
 * read, governed and merged while the warehouse takes the last one: the Java work of a flush and the
 * warehouse's work on the previous one overlap instead of adding up. At most one flush is in flight, and
 * {@link #submit} waits for it first, so memory stays bounded by two flushes and a slow warehouse still
 * slows the source.
 *
 * <p>Each flush commits its own rows and offsets in one transaction, as when written inline: a crash
 * loses at most the flush in flight and the one being gathered, neither committed, both read again.
 *
 * <p>A failed flush fails the next {@link #submit}, {@link #await} or {@link #throwIfFailed}: its
 * {@link RuntimeException} as thrown, a checked exception wrapped in a {@link WriteFailedException}.
 */
public final class WriteBehind implements AutoCloseable {

    /** A flush to run: writes and, once committed, does what follows the commit. */
    @FunctionalInterface
    public interface Write {
        void run() throws Exception;
    }

    /** A flush failed with a checked exception (e.g. the warehouse's SQLException). */
    public static final class WriteFailedException extends RuntimeException {
        WriteFailedException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final ExecutorService thread;
    private Future<?> inFlight;

    public WriteBehind(String threadName) {
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the flush in flight (failing as it failed), then starts {@code write}. */
    public synchronized void submit(Write write) throws InterruptedException {
        await();
        inFlight = thread.submit(() -> {
            write.run();
            return null;
        });
    }

    /**
     * Waits until no flush is in flight; fails as the last flush failed. Interrupted, it interrupts the
     * flush in flight too (a wait between retries ends), and throws.
     */
    public synchronized void await() throws InterruptedException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
            inFlight = null;
        } catch (InterruptedException e) {
            inFlight.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            inFlight = null;
            if (e.getCause() instanceof InterruptedException stopped) {
                throw stopped; // stopped during a wait between retries
            }
            throw rethrown(e.getCause());
        } catch (CancellationException e) {
            inFlight = null;
            throw new InterruptedException("the flush in flight was cancelled");
        }
    }

    /** Fails as the flush in flight failed, if it has finished and failed; never waits. */
    public synchronized void throwIfFailed() throws InterruptedException {
        if (inFlight != null && inFlight.isDone()) {
            await();
        }
    }

    /** Whether a flush is in flight (not yet finished). */
    public synchronized boolean busy() {
        return inFlight != null && !inFlight.isDone();
    }

    /**
     * Lets the flush in flight finish for up to {@code timeoutMillis}, then interrupts it, and stops the
     * thread. A failure of that last flush is not thrown: it was not committed, and a restart reads it again.
     */
    public void close(long timeoutMillis) {
        Future<?> last;
        synchronized (this) {
            last = inFlight;
            inFlight = null;
        }
        try {
            if (last != null) {
                last.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            // not committed; read again after a restart
        } finally {
            thread.shutdownNow();
        }
    }

    @Override
    public void close() {
        close(30_000);
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new WriteFailedException(cause);
    }
}
