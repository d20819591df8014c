package io.sluice.engine.source;

import io.debezium.relational.TableId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new PostgreSQL logical replication slot and the snapshot it exported: the database as it stood at the slot's
 * consistent point. Rows read under the snapshot plus the changes the slot streams from that point are the
 * table's whole history, each change once; this is how Debezium's own snapshot hands over to streaming too.
 *
 * <p>The publication is created first, as Debezium would create it (same name, same tables): pgoutput looks the
 * publication up as of each change it decodes, so it must exist before the slot's first change. The slot is
 * created over a replication connection ({@code replication=database}) with {@code EXPORT_SNAPSHOT}; that
 * connection must stay open and idle for as long as readers import the snapshot ({@code SET TRANSACTION
 * SNAPSHOT}), so it is held here until {@link #close}.
 */
final class ExportedSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportedSnapshot.class);

    private final Connection replication;
    private final String slot;
    private final String name;
    private final String consistentPoint;

    private ExportedSnapshot(Connection replication, String slot, String name, String consistentPoint) {
        this.replication = replication;
        this.slot = slot;
        this.name = name;
        this.consistentPoint = consistentPoint;
    }

    /**
     * Creates the publication when missing, then the slot (which must not exist), exporting its snapshot.
     *
     * @param url         the source's JDBC URL
     * @param tables      the captured tables
     * @param autocreate  Debezium's {@code publication.autocreate.mode}: filtered, all_tables or disabled
     * @param viaRoot     Debezium's {@code publish.via.partition.root}
     */
    static ExportedSnapshot create(String url, String user, String password, String slot, String publication,
                                   List<TableId> tables, String autocreate, boolean viaRoot) throws SQLException {
        createPublication(url, user, password, publication, tables, autocreate, viaRoot);
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("replication", "database");
        props.setProperty("preferQueryMode", "simple");
        props.setProperty("assumeMinServerVersion", "10");
        Connection replication = DriverManager.getConnection(url, props);
        try (Statement statement = replication.createStatement();
             ResultSet created = statement.executeQuery("CREATE_REPLICATION_SLOT " + quote(slot)
                     + " LOGICAL pgoutput EXPORT_SNAPSHOT")) {
            created.next();
            String consistentPoint = created.getString("consistent_point");
            String snapshot = created.getString("snapshot_name");
            LOG.info("Created replication slot '{}' at {} with exported snapshot {}", slot, consistentPoint, snapshot);
            return new ExportedSnapshot(replication, slot, snapshot, consistentPoint);
        } catch (SQLException | RuntimeException e) {
            replication.close();
            throw e;
        }
    }

    private static void createPublication(String url, String user, String password, String publication,
                                          List<TableId> tables, String autocreate, boolean viaRoot) throws SQLException {
        if ("disabled".equalsIgnoreCase(autocreate)) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            exists.setString(1, publication);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return; // Debezium brings a filtered publication's tables up to date itself when it starts
                }
            }
            // No table matching yet: an empty publication, as Debezium's filtered mode leaves it (its tables come later).
            String what = "all_tables".equalsIgnoreCase(autocreate) ? " FOR ALL TABLES" : tables.isEmpty() ? ""
                    : " FOR TABLE " + String.join(", ", tables.stream().map(ExportedSnapshot::quoteQualified).toList());
            String sql = "CREATE PUBLICATION " + quote(publication) + what
                    + (viaRoot ? " WITH (publish_via_partition_root = true)" : "");
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            LOG.info("Created publication '{}': {}", publication, sql);
        }
    }

    /** The name readers give {@code SET TRANSACTION SNAPSHOT}. */
    String name() {
        return name;
    }

    String slot() {
        return slot;
    }

    /** The LSN from which the slot streams every change the snapshot does not hold, e.g. {@code 0/16B3748}. */
    String consistentPoint() {
        return consistentPoint;
    }

    /** Ends the export; the slot stays, for Debezium to stream from. */
    @Override
    public void close() {
        try {
            replication.close();
        } catch (SQLException e) {
            LOG.debug("Closing the replication connection of slot '{}': {}", slot, e.toString());
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String quoteQualified(TableId table) {
        return table.schema() == null ? quote(table.table()) : quote(table.schema()) + "." + quote(table.table());
    }
}
