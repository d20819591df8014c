package io.sluice.engine.metrics;

import io.sluice.config.SourceConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How much WAL a PostgreSQL source keeps for the pipeline's replication slot: the bytes between the
 * server's current WAL position and the slot's {@code restart_lsn}. Growing without end means the slot
 * is not read (or confirmed), and the source's disk will fill.
 */
final class SlotRetainedWal {

    private final SourceConfig source;
    private final String slot;

    SlotRetainedWal(String pipeline, SourceConfig source) {
        this.source = source;
        this.slot = source.slotName(pipeline);
    }

    /** The retained bytes, or NaN when the slot does not exist (yet) or the source cannot be asked. */
    double bytes() {
        Properties credentials = new Properties();
        credentials.setProperty("user", source.user());
        if (source.password() != null) {
            credentials.setProperty("password", source.password());
        }
        credentials.setProperty("connectTimeout", "2");
        credentials.setProperty("socketTimeout", "5");
        String url = "jdbc:postgresql://" + source.host() + ":" + source.port() + "/" + source.database();
        try (Connection connection = DriverManager.getConnection(url, credentials);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots"
                             + " WHERE slot_name = ?")) {
            statement.setString(1, slot);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getDouble(1) : Double.NaN;
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
    }
}
