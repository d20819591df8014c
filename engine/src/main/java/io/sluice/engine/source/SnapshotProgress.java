package io.sluice.engine.source;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a source's snapshot progress at a steady interval: per table the rows copied of the estimated
 * total (the catalog's estimate: {@code pg_class.reltuples}, {@code information_schema.tables.table_rows}),
 * the rate and the time left. Never per row.
 */
final class SnapshotProgress {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgress.class);
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final SourceConfig source;
    private final Map<String, long[]> tables = new LinkedHashMap<>(); // table -> {rows, estimate}
    private long started;
    private long lastLog;
    private boolean done;
    private String lastTable;
    private long[] lastCount;

    SnapshotProgress(SourceConfig source) {
        this.source = source;
    }

    /**
     * Counts a snapshot read of {@code table} (schema.table, or database.table), and logs when the interval has
     * passed or when the read is the snapshot's last.
     */
    void count(String table, boolean last) {
        if (done) {
            return;
        }
        long now = System.nanoTime();
        if (started == 0) {
            started = now;
            lastLog = now;
        }
        if (!table.equals(lastTable)) { // a snapshot reads a table at a time, or a batch at a time per reader
            lastTable = table;
            lastCount = tables.computeIfAbsent(table, t -> new long[] {0, estimate(t)});
        }
        lastCount[0]++;
        if (last || now - lastLog >= INTERVAL.toNanos()) {
            log(now, last);
            lastLog = now;
            done = last;
        }
    }

    /** Logs the final counts of a snapshot that marks no record as its last ({@link ParallelSnapshot}). */
    void finish() {
        if (!done && started != 0) {
            log(System.nanoTime(), true);
        }
        done = true;
    }

    private void log(long now, boolean finished) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        for (Map.Entry<String, long[]> table : tables.entrySet()) {
            long rows = table.getValue()[0];
            long estimate = table.getValue()[1];
            double rate = rows / seconds;
            String of = estimate > 0 ? String.format(" / ~%,d (%d%%)", estimate, Math.min(100, rows * 100 / estimate)) : "";
            String eta = !finished && estimate > rows && rate > 0
                    ? ", ETA " + Duration.ofSeconds((long) ((estimate - rows) / rate)).toString().substring(2).toLowerCase()
                    : "";
            LOG.info("Snapshot of source '{}': {} {} rows{}{}", source.name(), table.getKey(), String.format("%,d", rows),
                    of, eta);
        }
        long total = tables.values().stream().mapToLong(t -> t[0]).sum();
        LOG.info("Snapshot of source '{}': {} rows in {} s ({} rows/s){}", source.name(), String.format("%,d", total),
                (long) seconds, String.format("%,.0f", total / seconds), finished ? ", done" : "");
    }

    /** The catalog's row estimate, or 0 when it cannot be had (progress then shows rows only). */
    private long estimate(String table) {
        if (table.indexOf('.') < 0) {
            return 0;
        }
        String schema = table.substring(0, table.indexOf('.'));
        String name = table.substring(table.indexOf('.') + 1);
        String sql = source.type() == SourceType.POSTGRES
                ? "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?"
                : "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
        String url = source.type() == SourceType.POSTGRES
                ? "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database()
                : "jdbc:mariadb://" + source.host() + ":" + source.port() + "/";
        Properties credentials = new Properties();
        credentials.setProperty("user", source.user());
        if (source.password() != null) {
            credentials.setProperty("password", source.password());
        }
        try (Connection connection = DriverManager.getConnection(url, credentials);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Math.max(0, rows.getLong(1)) : 0;
            }
        } catch (SQLException e) {
            LOG.debug("No row estimate for {}: {}", table, e.getMessage());
            return 0;
        }
    }
}
