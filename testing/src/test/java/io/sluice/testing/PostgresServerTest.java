package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

class PostgresServerTest {

    private final PostgresServer server = TestDatabases.postgres();

    @Test
    void isConfiguredForLogicalDecoding() {
        try (TestDatabase db = server.createDatabase()) {
            assertThat(db.query("SHOW wal_level")).containsExactly(List.of("logical"));
            assertThat(db.query("SHOW max_replication_slots")).containsExactly(List.of("20"));
            assertThat(db.query("SHOW max_wal_senders")).containsExactly(List.of("20"));
            assertThat(db.query("SHOW fsync")).containsExactly(List.of("off"));
            assertThat(db.query("SELECT rolreplication FROM pg_roles WHERE rolname = current_user"))
                    .containsExactly(List.of(true));
        }
    }

    @Test
    void createsAndDropsAPgoutputSlotInAFreshDatabase() {
        try (TestDatabase db = server.createDatabase()) {
            db.execute("SELECT pg_create_logical_replication_slot('probe', 'pgoutput')");
            assertThat(db.query("SELECT plugin, database FROM pg_replication_slots WHERE slot_name = 'probe'"))
                    .containsExactly(List.of("pgoutput", db.name()));

            db.execute("SELECT pg_drop_replication_slot('probe')");
            assertThat(db.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'probe'"))
                    .containsExactly(List.of(0L));
        }
    }

    @Test
    void closeDropsTheDatabaseEvenWhileAWalSenderHoldsItsSlot() throws Exception {
        TestDatabase db = server.createDatabase();
        db.execute("CREATE TABLE t (id int PRIMARY KEY)",
                "CREATE PUBLICATION everything FOR ALL TABLES",
                "SELECT pg_create_logical_replication_slot('held', 'pgoutput')");

        // What a running Debezium connector looks like to the server: a WAL sender streaming the slot.
        Properties props = new Properties();
        PGProperty.USER.set(props, db.user());
        PGProperty.PASSWORD.set(props, db.password());
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "14");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        try (Connection replication = DriverManager.getConnection(db.jdbcUrl(), props)) {
            PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream().logical()
                    .withSlotName("held")
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", "everything")
                    .start();
            stream.readPending();
            assertThat(slotActive("held")).isTrue();

            db.close();

            assertThat(databaseExists(db.name())).isFalse();
            assertThat(slotCount("held")).isZero();
        }
    }

    @Test
    void aFreshDatabaseIsEmptyAndReachableWithItsOwnCredentials() throws Exception {
        try (TestDatabase db = server.createDatabase();
             Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            assertThat(db.kind()).isEqualTo("postgres");
            assertThat(db.host()).isEqualTo("127.0.0.1");
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + db.port() + "/" + db.name());
            assertThat(connection.getCatalog()).isEqualTo(db.name());
            assertThat(db.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                    .containsExactly(List.of(0L));
        }
    }

    private boolean slotActive(String slot) throws Exception {
        // The WAL sender marks the slot active asynchronously after START_REPLICATION.
        for (int i = 0; i < 100; i++) {
            if (Boolean.TRUE.equals(adminQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '"
                    + slot + "'"))) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }

    private long slotCount(String slot) throws Exception {
        return (Long) adminQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
    }

    private boolean databaseExists(String name) throws Exception {
        return (Boolean) adminQuery("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '" + name + "')");
    }

    private Object adminQuery(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), server.adminUser(),
                server.adminPassword());
             var rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }
}
