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
        String driver = driverClassName(jdbcUrl);
        if (driver != null) {
            // Named, so Hikari loads the driver with its own class loader: in a Connect worker that is the
            // plugin's, whose copy of the driver DriverManager might not offer it.
            config.setDriverClassName(driver);
        }
        if (jdbcUrl.startsWith("jdbc:mysql:")) {
            // MySQL warehouses use MariaDB Connector/J too, even beside MySQL's driver: its LOAD DATA
            // stream API is what the dialect uses. It takes a jdbc:mysql: URL only when told to.
            config.setJdbcUrl(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "permitMysqlScheme");
        } else {
            config.setJdbcUrl(jdbcUrl);
        }
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
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            // Large flushes stream rows with LOAD DATA LOCAL INFILE (MariaDbDialect).
            config.addDataSourceProperty("allowLocalInfile", "true");
            // Strict whatever the server's default: a value a column cannot hold fails the statement
            // instead of being stored truncated or as zero. Nothing else: no quoting or escaping mode
            // (the driver follows NO_BACKSLASH_ESCAPES itself), and engine substitution stays allowed
            // for the dialect's staging tables.
            config.addDataSourceProperty("sessionVariables", "sql_mode='STRICT_ALL_TABLES'");
        }
        return new HikariDataSource(config);
    }

    /** The JDBC driver class for a warehouse URL, or null when the URL is not one Sluice knows. */
    public static String driverClassName(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:duckdb:")) {
            return "org.duckdb.DuckDBDriver";
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return "org.mariadb.jdbc.Driver"; // MySQL too: see create()
        }
        return null;
    }
}
