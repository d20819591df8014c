package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Given a test that needs a server with other settings than the shared one, when it starts a private
 * server, then the server runs with those settings, and closing it stops it; the shared servers and the
 * machine's services cannot be stopped that way.
 */
class PrivateServersTest {

    @Test
    void aPrivatePostgresRunsWithTheGivenSettingsAndStopsWhenClosed() {
        String url;
        try (PostgresServer server = TestDatabases.startPostgres(Map.of("wal_level", "replica"));
             TestDatabase db = server.createDatabase()) {
            assertThat(db.query("SHOW wal_level")).containsExactly(List.of("replica"));
            // The settings it was not given stay as the shared server has them.
            assertThat(db.query("SHOW max_wal_senders")).containsExactly(List.of("20"));
            url = db.jdbcUrl();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "postgres"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aPrivatePostgresStoppedAndStartedAgainKeepsItsPortAndData() {
        try (PostgresServer server = TestDatabases.startPostgres(Map.of());
             TestDatabase db = server.createDatabase()) {
            db.execute("CREATE TABLE kept (id int PRIMARY KEY)", "INSERT INTO kept VALUES (1)");

            server.stopServer();
            assertThatThrownBy(db::connect).as("connecting while it is stopped").isInstanceOf(SQLException.class);
            server.startServer();

            assertThat(db.query("SELECT id FROM kept")).containsExactly(List.of(1));
        }
    }

    @Test
    void aPrivateMariaDbTakesTheGivenOptionsLast() {
        try (MariaDbServer server = TestDatabases.startMariaDb(List.of("--binlog-format=STATEMENT"));
             TestDatabase db = server.createDatabase()) {
            assertThat(db.query("SHOW GLOBAL VARIABLES LIKE 'binlog_format'"))
                    .containsExactly(List.of("binlog_format", "STATEMENT"));
            assertThat(db.query("SHOW GLOBAL VARIABLES LIKE 'log_bin'")).containsExactly(List.of("log_bin", "ON"));
        }
    }

    @Test
    void sharedServersAndServicesAreNotStoppedByClose() {
        assertThatThrownBy(() -> TestDatabases.postgres().close()).hasMessageContaining("startPostgres");
        assertThatThrownBy(() -> TestDatabases.postgres().stopServer()).hasMessageContaining("startPostgres");
        assertThatThrownBy(() -> TestDatabases.mariadb().close()).hasMessageContaining("startMariaDb");
    }

    @Test
    void theMachinesServicesGiveFreshDatabasesToo() {
        try (TestDatabase pg = TestDatabases.postgresService().createDatabase();
             TestDatabase maria = TestDatabases.mariadbService().createDatabase()) {
            assertThat(pg.name()).startsWith("t_" + ProcessHandle.current().pid() + "_");
            assertThat(pg.query("SELECT current_database()")).containsExactly(List.of(pg.name()));
            assertThat(maria.query("SELECT DATABASE()")).containsExactly(List.of(maria.name()));
        }
    }
}
