package io.sluice.engine.scan;

import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A plain, read-only JDBC connection to a source, as the scan needs it: no replication, short timeouts. */
final class SourceConnection {

    private SourceConnection() {
    }

    static Connection open(SourceConfig source) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", source.user());
        if (source.password() != null) {
            props.setProperty("password", source.password());
        }
        String host = source.host().contains(":") ? "[" + source.host() + "]" : source.host();
        Connection connection;
        if (source.type() == SourceType.POSTGRES) {
            props.setProperty("ApplicationName", "sluice scan");
            props.setProperty("connectTimeout", "10");
            props.setProperty("socketTimeout", "300");
            connection = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + source.port() + "/"
                    + URLEncoder.encode(source.database(), StandardCharsets.UTF_8).replace("+", "%20"), props);
        } else {
            // MariaDB's driver speaks to MySQL too, as the engine's check does.
            props.setProperty("connectTimeout", "10000");
            props.setProperty("socketTimeout", "300000");
            connection = DriverManager.getConnection("jdbc:mariadb://" + host + ":" + source.port() + "/", props);
        }
        connection.setReadOnly(true);
        return connection;
    }

    /** Where the source is, for messages: {@code postgres at db:5432/shop as sluice}. Never the password. */
    static String describe(SourceConfig source) {
        return source.type().name().toLowerCase(java.util.Locale.ROOT) + " at " + source.host() + ":" + source.port()
                + (source.database() != null && source.type() == SourceType.POSTGRES ? "/" + source.database() : "")
                + " as " + source.user();
    }
}
