package io.sluice.engine.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Whether the warehouse answers a {@code SELECT 1} within a short time. A probe that hangs (the pool
 * waits for a connection, the network drops packets) counts as unreachable after the timeout and is
 * not started again until it ends, so probes never pile up. A fresh answer is reused for a second, as
 * the status page asks every second.
 */
final class WarehouseProbe implements AutoCloseable {

    private static final long TIMEOUT_MILLIS = 2000;
    private static final long REUSE_MILLIS = 1000;

    private final DataSource dataSource;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sluice-warehouse-probe");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<String> inFlight;
    private long answeredAt;
    private String answer;

    WarehouseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Null when the warehouse answered; else why not. */
    synchronized String problem() {
        long now = System.currentTimeMillis();
        if (answeredAt > 0 && now - answeredAt < REUSE_MILLIS) {
            return answer;
        }
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(this::selectOne, thread);
        }
        try {
            answer = inFlight.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer = "the warehouse did not answer SELECT 1 within " + TIMEOUT_MILLIS + " ms";
        } catch (ExecutionException e) {
            answer = "the warehouse check failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = "interrupted";
        }
        answeredAt = System.currentTimeMillis();
        return answer;
    }

    private String selectOne() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try {
                statement.setQueryTimeout((int) (TIMEOUT_MILLIS / 1000));
            } catch (SQLException unsupported) {
                // DuckDB, in-process, has no query timeout; the future's timeout still bounds the wait.
            }
            statement.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return "the warehouse refused SELECT 1: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
