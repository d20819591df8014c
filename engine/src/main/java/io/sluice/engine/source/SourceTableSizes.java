package io.sluice.engine.source;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's own estimate of each captured table's rows — PostgreSQL's {@code pg_class.reltuples},
 * MariaDB/MySQL's {@code information_schema.tables.table_rows} — as the denominator of snapshot progress.
 * Statistics, not counts: they cost nothing on a large table. Best effort: a table whose estimate
 * cannot be had (never analyzed, no access) is left out, and the page shows rows read without a bar.
 */
final class SourceTableSizes {

    private static final Logger LOG = LoggerFactory.getLogger(SourceTableSizes.class);

    private SourceTableSizes() {
    }

    /** Table ({@code schema.table} as in the pipeline file) to estimated rows. */
    static Map<String, Long> estimate(SourceConfig source) {
        Map<String, Long> estimates = new LinkedHashMap<>();
        String sql = source.type() == SourceType.POSTGRES
                ? "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?"
                : "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
        try (Connection connection = connect(source); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (String table : source.tables()) {
                int dot = table.indexOf('.');
                statement.setString(1, table.substring(0, dot));
                statement.setString(2, table.substring(dot + 1));
                try (ResultSet rs = statement.executeQuery()) {
                    // PostgreSQL says -1 for a table never vacuumed or analyzed: unknown, not empty.
                    if (rs.next() && rs.getObject(1) != null && rs.getLong(1) > 0) {
                        estimates.put(table, rs.getLong(1));
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.info("Source '{}': no table size estimates for snapshot progress ({})", source.name(), e.getMessage());
        }
        return estimates;
    }

    private static Connection connect(SourceConfig source) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        if (source.password() != null) {
            props.setProperty("password", source.password());
        }
        String host = source.host().contains(":") ? "[" + source.host() + "]" : source.host();
        if (source.type() == SourceType.POSTGRES) {
            props.setProperty("ApplicationName", "sluice table sizes");
            props.setProperty("connectTimeout", "10");
            props.setProperty("socketTimeout", "30");
            return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + source.port() + "/"
                    + URLEncoder.encode(source.database(), StandardCharsets.UTF_8).replace("+", "%20"), props);
        }
        props.setProperty("connectTimeout", "10000");
        props.setProperty("socketTimeout", "30000");
        return DriverManager.getConnection("jdbc:mariadb://" + host + ":" + source.port() + "/", props);
    }
}
