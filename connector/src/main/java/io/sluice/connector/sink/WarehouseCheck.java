package io.sluice.connector.sink;

import io.sluice.connector.writer.WarehouseDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/** Whether the warehouse a connector names can be reached, for {@link SluiceSinkConnector#validate}. */
final class WarehouseCheck {

    private static final String TIMEOUT_SECONDS = "10";

    private WarehouseCheck() {
    }

    /** Null when the warehouse answers (or, for DuckDB, its file can be created); else what is wrong. */
    static String problem(String url, String user, String password) {
        if (url.startsWith("jdbc:duckdb:")) {
            return duckDbProblem(url);
        }
        String driverClass = WarehouseDataSource.driverClassName(url);
        if (driverClass == null) {
            return null; // the URL's validator has said what is wrong with it
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        // PostgreSQL's driver names (seconds); others ignore them.
        properties.setProperty("connectTimeout", TIMEOUT_SECONDS);
        properties.setProperty("loginTimeout", TIMEOUT_SECONDS);
        try {
            // The plugin's own driver, not whichever copy DriverManager knows first.
            Driver driver = (Driver) Class.forName(driverClass, true, WarehouseCheck.class.getClassLoader())
                    .getConstructor().newInstance();
            try (Connection connection = driver.connect(url, properties)) {
                if (connection == null) {
                    return "the " + driverClass + " driver does not accept the URL " + SluiceSinkConfig.redacted(url);
                }
                return null;
            }
        } catch (SQLException e) {
            return "cannot connect to the warehouse at " + SluiceSinkConfig.redacted(url) + ": " + rootMessage(e);
        } catch (ReflectiveOperationException e) {
            return "the JDBC driver " + driverClass + " is missing from the plugin: " + e;
        }
    }

    private static String duckDbProblem(String url) {
        String file = url.substring("jdbc:duckdb:".length()).replaceAll("\\?.*", "");
        Path folder = Path.of(file).toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return "the folder of the DuckDB file " + file + " does not exist on this worker";
        }
        if (!Files.isWritable(folder)) {
            return "the folder of the DuckDB file " + file + " is not writable on this worker";
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage())
                : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
