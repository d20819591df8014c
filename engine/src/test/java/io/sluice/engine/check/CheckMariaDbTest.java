package io.sluice.engine.check;

import static io.sluice.engine.check.CheckFixtures.assertAllPass;
import static io.sluice.engine.check.CheckFixtures.check;
import static io.sluice.engine.check.CheckFixtures.duckDb;
import static io.sluice.engine.check.CheckFixtures.names;
import static io.sluice.engine.check.CheckFixtures.notPassed;
import static io.sluice.engine.check.CheckFixtures.pipeline;
import static io.sluice.engine.check.CheckFixtures.result;
import static io.sluice.engine.check.CheckFixtures.section;
import static io.sluice.engine.check.CheckFixtures.source;
import static io.sluice.engine.check.CheckFixtures.text;
import static io.sluice.engine.check.Status.FAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceType;
import io.sluice.testing.MariaDbServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given a MariaDB source as users set them up, well or badly, when {@code sluice check} looks at it,
 * then each finding names what is wrong and gives the statement or option that fixes it; and applying
 * that fix makes the check pass.
 */
class CheckMariaDbTest {

    @Test
    void aSourceWithARowBinlogAndFullGrantsPassesEveryCheck() {
        try (TestDatabase db = TestDatabases.mariadb().createDatabase()) {
            db.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100))",
                    "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2))");
            String customers = db.name() + ".customers";
            String orders = db.name() + ".orders";

            CheckReport report = check(pipeline("good", duckDb(), source("app", SourceType.MARIADB, db, db.user(),
                    db.password(), List.of(customers, orders))));

            assertAllPass(report);
            assertThat(names(section(report, "app"))).containsExactly("connection", "server version", "log_bin",
                    "binlog_format", "binlog_row_image", "server_id", "binlog retention", "gtid", "grants",
                    "table " + customers, "primary key " + customers, "table " + orders, "primary key " + orders);
            assertThat(result(report, "app", "connection").detail()).isEqualTo("connected as 'root'@'%'");
            assertThat(result(report, "app", "server version").detail()).startsWith("MariaDB 11.4.");
            assertThat(result(report, "app", "grants").detail()).isEqualTo("'root'@'%' has ALL PRIVILEGES");
            assertThat(result(report, "app", "binlog retention").detail()).isEqualTo("binary logs are never purged"
                    + " automatically (binlog_expire_logs_seconds=0): nothing Sluice needs is removed, but watch the disk");
            assertThat(result(report, "app", "gtid").detail()).startsWith("MariaDB gives every transaction in the binary log a GTID (at 0-1-")
                    .endsWith("; gtid_strict_mode is OFF");
            assertThat(result(report, "app", "primary key " + orders).detail()).isEqualTo("primary key (id)");
        }
    }

    @Test
    void aServerWithoutBinaryLogFailsOnLogBin() {
        try (MariaDbServer server = TestDatabases.startMariaDb(List.of("--skip-log-bin"));
             TestDatabase db = server.createDatabase()) {
            db.execute("CREATE TABLE items (id INT PRIMARY KEY)");

            CheckReport report = check(pipeline("nobinlog", duckDb(), source("app", SourceType.MARIADB, db, db.user(),
                    db.password(), List.of(db.name() + ".items"))));

            assertThat(notPassed(section(report, "app"))).as(text(report)).containsExactly("log_bin: FAIL");
            assertThat(result(report, "app", "log_bin")).isEqualTo(new CheckResult("log_bin", FAIL,
                    "log_bin is OFF: there is no binary log to read changes from",
                    "log_bin = binlog  # in my.cnf under [mysqld], then restart the server"));
        }
    }

    @Test
    void aStatementBasedBinlogFailsWithTheStatementThatFixesIt() {
        try (MariaDbServer server = TestDatabases.startMariaDb(List.of("--binlog-format=STATEMENT"));
             TestDatabase db = server.createDatabase()) {
            db.execute("CREATE TABLE items (id INT PRIMARY KEY)");
            PipelineConfig config = pipeline("statement", duckDb(), source("app", SourceType.MARIADB, db, db.user(),
                    db.password(), List.of(db.name() + ".items")));

            CheckReport report = check(config);

            assertThat(notPassed(section(report, "app"))).as(text(report)).containsExactly("binlog_format: FAIL");
            CheckResult format = result(report, "app", "binlog_format");
            assertThat(format).isEqualTo(new CheckResult("binlog_format", FAIL,
                    "binlog_format is STATEMENT; Debezium reads only row events (ROW)",
                    "SET GLOBAL binlog_format = 'ROW';  -- new sessions only: reconnect the applications\n"
                            + "binlog_format = ROW  # in my.cnf under [mysqld], to keep it after a restart"));

            db.execute(format.fix().lines().findFirst().orElseThrow());
            assertAllPass(check(config));
        }
    }

    @Test
    void aUserWithoutGrantsIsToldTheGrantAndItWorks() {
        MariaDbServer server = TestDatabases.mariadb();
        try (TestDatabase db = server.createDatabase()) {
            String user = "u_" + db.name();
            String items = db.name() + ".items";
            db.execute("CREATE TABLE items (id INT PRIMARY KEY)", "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'no-grants-pw'");
            try {
                PipelineConfig config = pipeline("grants", duckDb(),
                        source("app", SourceType.MARIADB, db, user, "no-grants-pw", List.of(items)));

                CheckReport report = check(config);

                assertThat(notPassed(section(report, "app"))).containsExactly("grants: FAIL", "table " + items + ": FAIL");
                CheckResult grants = result(report, "app", "grants");
                assertThat(grants).isEqualTo(new CheckResult("grants", FAIL, "'" + user + "'@'%' lacks SELECT, RELOAD,"
                        + " SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR: Debezium needs them to snapshot and to"
                        + " read the binary log", "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR"
                        + " ON *.* TO '" + user + "'@'%';"));
                assertThat(result(report, "app", "table " + items)).isEqualTo(new CheckResult("table " + items, FAIL,
                        "'" + user + "'@'%' may not read " + items + " (or it does not exist): the snapshot would fail",
                        "GRANT SELECT ON `" + db.name() + "`.`items` TO '" + user + "'@'%';"));
                assertThat(text(report)).doesNotContain("no-grants-pw");

                db.execute(grants.fix());
                CheckReport fixed = check(config);
                assertAllPass(fixed);
                assertThat(result(fixed, "app", "grants").detail()).isEqualTo("'" + user + "'@'%' has SELECT, RELOAD,"
                        + " SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR");
            } finally {
                db.execute("DROP USER '" + user + "'@'%'");
            }
        }
    }

    @Test
    void missingAndKeylessTablesAreNamedWithTheirFix() {
        try (TestDatabase db = TestDatabases.mariadb().createDatabase()) {
            db.execute("CREATE TABLE tags (tag VARCHAR(40) NOT NULL, UNIQUE KEY tag_unique (tag))",
                    "CREATE TABLE events (at DATETIME, what TEXT)");
            String tags = db.name() + ".tags";
            String events = db.name() + ".events";
            String missing = db.name() + ".nope";
            PipelineConfig config = pipeline("keys", duckDb(), source("app", SourceType.MARIADB, db, db.user(),
                    db.password(), List.of(tags, events, missing)));

            CheckReport report = check(config);

            assertThat(notPassed(section(report, "app"))).containsExactly("primary key " + tags + ": FAIL",
                    "primary key " + events + ": FAIL", "table " + missing + ": FAIL");
            assertThat(result(report, "app", "primary key " + tags)).isEqualTo(new CheckResult("primary key " + tags,
                    FAIL, tags + " has no primary key: Sluice keeps warehouse rows in step by key and stops at this"
                    + " table's first row", "ALTER TABLE `" + db.name() + "`.`tags` ADD PRIMARY KEY (`tag`);"));
            assertThat(result(report, "app", "primary key " + events).fix())
                    .isEqualTo("ALTER TABLE `" + db.name() + "`.`events` ADD PRIMARY KEY (<key columns>);");
            assertThat(result(report, "app", "table " + missing)).isEqualTo(new CheckResult("table " + missing, FAIL,
                    missing + " does not exist", "create it, or remove " + missing + " from sources[0].tables"));

            db.execute(result(report, "app", "primary key " + tags).fix());
            assertThat(result(check(config), "app", "primary key " + tags).detail()).isEqualTo("primary key (tag)");
        }
    }

    @Test
    void aMariaDbServerDeclaredAsMysqlIsCaught() {
        try (TestDatabase db = TestDatabases.mariadb().createDatabase()) {
            db.execute("CREATE TABLE items (id INT PRIMARY KEY)");

            CheckReport report = check(pipeline("mistyped", duckDb(), source("app", SourceType.MYSQL, db, db.user(),
                    db.password(), List.of(db.name() + ".items"))));

            assertThat(notPassed(section(report, "app"))).containsExactly("server version: FAIL");
            CheckResult version = result(report, "app", "server version");
            assertThat(version.detail()).startsWith("the server is MariaDB 11.4.")
                    .endsWith(", but the source says type: mysql, which picks Debezium's MySQL connector");
            assertThat(version.fix()).isEqualTo("type: mariadb  # in sources[0] of the pipeline file");
        }
    }

    /** The machine's MariaDB 10.11, installed as the distribution ships it: no binary log, MIXED format. */
    @Test
    void theInstalledMariaDb1011ServiceFailsOnTheBinlogSettings() {
        try (TestDatabase db = TestDatabases.mariadbService().createDatabase()) {
            db.execute("CREATE TABLE items (id INT PRIMARY KEY)");

            CheckReport report = check(pipeline("service", duckDb(), source("app", SourceType.MARIADB, db, db.user(),
                    db.password(), List.of(db.name() + ".items"))));

            assertThat(result(report, "app", "server version").detail()).startsWith("MariaDB 10.11.");
            assertThat(notPassed(section(report, "app"))).as(text(report))
                    .containsExactly("log_bin: FAIL", "binlog_format: FAIL");
            assertThat(result(report, "app", "log_bin").fix())
                    .isEqualTo("log_bin = binlog  # in my.cnf under [mysqld], then restart the server");
            assertThat(result(report, "app", "binlog_format")).isEqualTo(new CheckResult("binlog_format", FAIL,
                    "binlog_format is MIXED; Debezium reads only row events (ROW)",
                    "SET GLOBAL binlog_format = 'ROW';  -- new sessions only: reconnect the applications\n"
                            + "binlog_format = ROW  # in my.cnf under [mysqld], to keep it after a restart"));
            // Which root account matches depends on the service's accounts; this machine has one for 127.0.0.1.
            assertThat(result(report, "app", "grants").detail()).matches("'root'@'[^']+' has ALL PRIVILEGES");
        }
    }
}
