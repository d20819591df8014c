package io.sluice.engine.source;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.engine.offsets.OffsetCodec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Whether a MySQL/MariaDB server still has the binary log a committed offset points into. Debezium's own
 * check at start passes on MariaDB as long as the server knows the offset's GTIDs, and the server refuses
 * only once streaming begins (error 1236) — too late for {@code snapshot: when_needed} to copy the tables
 * again. So Sluice asks the server itself ({@code SHOW BINARY LOGS}) before Debezium starts.
 */
final class PurgedBinlog {

    private PurgedBinlog() {
    }

    /** The purged binary log a committed offset of {@code source} points into, if any. */
    static Optional<String> of(SourceConfig source, Collection<String> committed, OffsetCodec codec) throws SQLException {
        if (source.type() == SourceType.POSTGRES || committed.isEmpty()) {
            return Optional.empty();
        }
        Set<String> onServer = binaryLogs(source);
        for (String value : committed) {
            Map<String, Object> offset = codec.readValue(value);
            Object file = offset.get("file");
            if (file != null && !file.toString().isEmpty() && !onServer.contains(file.toString())) {
                return Optional.of(file.toString());
            }
        }
        return Optional.empty();
    }

    private static Set<String> binaryLogs(SourceConfig source) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        if (source.password() != null) {
            props.setProperty("password", source.password());
        }
        props.setProperty("connectTimeout", "10000");
        props.setProperty("socketTimeout", "30000");
        String host = source.host().contains(":") ? "[" + source.host() + "]" : source.host();
        Set<String> logs = new HashSet<>();
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://" + host + ":" + source.port() + "/", props);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                logs.add(rows.getString(1));
            }
        }
        return logs;
    }
}
