package io.sluice.connector.writer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The connection pool to a warehouse (HikariCP). */
public final class WarehouseDataSource {

    private WarehouseDataSource() {
    }

    /**
     * @param poolName shows in Hikari's log lines and metrics, e.g. the pipeline's name
     * @param maxConnections DuckDB takes one writer, so its pool is 1
     */
    public static HikariDataSource create(String poolName, String jdbcUrl, String user, String password, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sluice-" + poolName);
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(jdbcUrl.startsWith("jdbc:duckdb:") ? 1 : maxConnections);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        // Fail fast at start when the warehouse cannot be reached, with the driver's reason.
        config.setInitializationFailTimeout(10_000);
        // A try while the warehouse is down fails after this long; the engine then retries with back-off.
        config.setConnectionTimeout(10_000);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return new HikariDataSource(config);
    }
}
