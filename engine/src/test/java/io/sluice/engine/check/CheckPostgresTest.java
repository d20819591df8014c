package io.sluice.engine.check;

import static io.sluice.engine.check.CheckFixtures.assertAllPass;
import static io.sluice.engine.check.CheckFixtures.asAdmin;
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
import static io.sluice.engine.check.Status.PASS;
import static io.sluice.engine.check.Status.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceType;
import io.sluice.config.WarehouseConfig;
import io.sluice.testing.PostgresServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Given a PostgreSQL source as users set them up, well or badly, when {@code sluice check} looks at
 * it, then each finding names what is wrong and gives the statement that fixes it; and applying that
 * statement makes the check pass.
 */
class CheckPostgresTest {

    private static final List<String> EVERY_CHECK_OF_ONE_TABLE = List.of("connection", "server version", "wal_level",
            "max_replication_slots", "max_wal_senders", "replication role", "replication connection", "publication",
            "replication slot", "table public.items", "primary key public.items", "replica identity public.items");

    @Test
    void aSourceSetUpAsTheReadmeSaysPassesEveryCheck() {
        try (TestDatabase db = TestDatabases.postgres().createDatabase()) {
            db.execute("CREATE TABLE customers (id int PRIMARY KEY, name varchar(100) NOT NULL, created timestamptz)",
                    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int, amount numeric(10,2))");
            String slot = "sluice_good_" + db.name() + "_shop";
            WarehouseConfig warehouse = duckDb();

            CheckReport report = check(pipeline("good-" + db.name(), warehouse,
                    source("shop", SourceType.POSTGRES, db, db.user(), db.password(),
                            List.of("public.customers", "public.orders"))));

            assertAllPass(report);
            assertThat(names(section(report, "shop"))).containsExactly("connection", "server version", "wal_level",
                    "max_replication_slots", "max_wal_senders", "replication role", "replication connection",
                    "publication", "replication slot",
                    "table public.customers", "primary key public.customers", "replica identity public.customers",
                    "table public.orders", "primary key public.orders", "replica identity public.orders");
            assertThat(result(report, "shop", "server version").detail()).startsWith("PostgreSQL 14.");
            assertThat(result(report, "shop", "wal_level"))
                    .isEqualTo(new CheckResult("wal_level", PASS, "wal_level is logical", null));
            assertThat(result(report, "shop", "replication role").detail())
                    .isEqualTo("postgres is a superuser, which may replicate");
            assertThat(result(report, "shop", "replication connection").detail())
                    .startsWith("a replication connection to " + db.name() + " is accepted (IDENTIFY_SYSTEM: timeline 1");
            assertThat(result(report, "shop", "publication").detail()).isEqualTo("publication " + slot
                    + " does not exist yet; Debezium creates it for the 2 table(s) at the first start (postgres has"
                    + " CREATE on the database and owns the tables)");
            assertThat(result(report, "shop", "replication slot").detail())
                    .isEqualTo("slot " + slot + " does not exist yet; Debezium creates it at the first start");
            assertThat(result(report, "shop", "primary key public.orders").detail()).isEqualTo("primary key (id)");
            assertThat(result(report, "shop", "replica identity public.customers").detail())
                    .isEqualTo("REPLICA IDENTITY DEFAULT; no TOASTable columns");
            assertThat(names(section(report, null))).containsExactly("warehouse connection", "warehouse create table");
            assertThat(result(report, null, "warehouse create table").detail())
                    .isEqualTo("created and dropped a table in the default schema");
            assertThat(warehouse.path()).as("a DuckDB file created for the check is removed").doesNotExist();
        }
    }

    @Test
    void aUserWithoutReplicationAndSelectIsToldTheGrantsAndTheyWork() {
        PostgresServer server = TestDatabases.postgres();
        try (TestDatabase db = server.createDatabase()) {
            String user = db.name() + "_reader";
            String publication = "sluice_grants_" + db.name() + "_shop";
            db.execute("CREATE TABLE items (id int PRIMARY KEY, label varchar(50))",
                    "CREATE ROLE " + user + " LOGIN PASSWORD 'reader-secret'");
            try {
                PipelineConfig config = pipeline("grants-" + db.name(), duckDb(),
                        source("shop", SourceType.POSTGRES, db, user, "reader-secret", List.of("public.items")));

                CheckReport report = check(config);

                assertThat(notPassed(section(report, "shop"))).containsExactly("replication role: FAIL",
                        "replication connection: FAIL", "publication: FAIL", "table public.items: FAIL");
                assertThat(result(report, "shop", "replication role")).isEqualTo(new CheckResult("replication role",
                        FAIL, user + " has no REPLICATION attribute: Debezium cannot create the slot or stream from it",
                        "ALTER ROLE " + user + " WITH REPLICATION;"));
                assertThat(result(report, "shop", "table public.items")).isEqualTo(new CheckResult(
                        "table public.items", FAIL, user + " may not read public.items (no SELECT): the snapshot would"
                        + " fail", "GRANT SELECT ON public.items TO " + user + ";"));
                CheckResult replication = result(report, "shop", "replication connection");
                assertThat(replication.detail()).startsWith("the server refused a replication connection: ")
                        .contains("replication role");
                assertThat(replication.fix()).isEqualTo("ALTER ROLE " + user + " WITH REPLICATION;");
                assertThat(result(report, "shop", "publication")).isEqualTo(new CheckResult("publication", FAIL,
                        "publication " + publication + " does not exist, and " + user + " cannot create it: needs"
                                + " CREATE on database " + db.name() + " and ownership of public.items (owner postgres)",
                        "CREATE PUBLICATION " + publication + " FOR TABLE public.items;  -- as postgres or a superuser"));

                // The fixes, run as the admin, are all it takes.
                db.execute("ALTER ROLE " + user + " WITH REPLICATION;", "GRANT SELECT ON public.items TO " + user + ";",
                        "CREATE PUBLICATION " + publication + " FOR TABLE public.items;  -- as postgres or a superuser");
                CheckReport fixed = check(config);
                assertAllPass(fixed);
                assertThat(result(fixed, "shop", "replication role").detail())
                        .isEqualTo(user + " has the REPLICATION attribute");
                assertThat(result(fixed, "shop", "publication").detail())
                        .isEqualTo("publication " + publication + " exists and covers the 1 table(s)");
                assertThat(text(fixed)).doesNotContain("reader-secret");
            } finally {
                db.close();
                asAdmin(server.jdbcUrl("postgres"), server.adminUser(), server.adminPassword(), "DROP ROLE " + user);
            }
        }
    }

    @Test
    void tablesWithoutKeyOrWithToastAndDefaultIdentityAreReportedWithTheAlterTable() {
        try (TestDatabase db = TestDatabases.postgres().createDatabase()) {
            db.execute("CREATE TABLE events (at timestamptz, what text)",
                    "CREATE TABLE tags (tag varchar(40) NOT NULL, CONSTRAINT tags_tag_key UNIQUE (tag))",
                    "CREATE TABLE docs (id int PRIMARY KEY, title varchar(200), body text, meta jsonb)");
            PipelineConfig config = pipeline("keys-" + db.name(), duckDb(), source("shop", SourceType.POSTGRES, db,
                    db.user(), db.password(), List.of("public.events", "public.tags", "public.docs")));

            CheckReport report = check(config);

            assertThat(notPassed(section(report, "shop"))).containsExactly("primary key public.events: FAIL",
                    "primary key public.tags: FAIL", "replica identity public.docs: WARN");
            assertThat(result(report, "shop", "primary key public.events")).isEqualTo(new CheckResult(
                    "primary key public.events", FAIL, "public.events has no primary key: Sluice keeps warehouse rows in"
                    + " step by key and sends this table's rows to quarantine; and with REPLICA IDENTITY DEFAULT, UPDATE and"
                    + " DELETE on it fail on the source once the publication includes it",
                    "ALTER TABLE public.events ADD PRIMARY KEY (<key columns>);"));
            assertThat(result(report, "shop", "primary key public.tags").fix())
                    .isEqualTo("ALTER TABLE public.tags ADD PRIMARY KEY (tag);");
            assertThat(result(report, "shop", "replica identity public.docs")).isEqualTo(new CheckResult(
                    "replica identity public.docs", WARN, "REPLICA IDENTITY DEFAULT and TOASTable columns body (text),"
                    + " meta (jsonb): an update that leaves a large (TOASTed) value unchanged sends the placeholder"
                    + " __debezium_unavailable_value instead of the value: Sluice keeps the warehouse's value, but a"
                + " history table or a soft-deleted row then lacks it",
                    "ALTER TABLE public.docs REPLICA IDENTITY FULL;"));
            // A keyless table has no replica identity row of its own: its primary key finding says it all.
            assertThat(names(section(report, "shop"))).doesNotContain("replica identity public.events");

            // What the finding warns of: once published, the keyless table refuses updates on the source.
            db.execute("INSERT INTO events VALUES (now(), 'created')", "CREATE PUBLICATION probe FOR TABLE events");
            assertThatThrownBy(() -> db.execute("UPDATE events SET what = 'changed'"))
                    .hasMessageContaining("does not have a replica identity");
            db.execute("DROP PUBLICATION probe");

            db.execute("ALTER TABLE public.tags ADD PRIMARY KEY (tag);",
                    "ALTER TABLE public.docs REPLICA IDENTITY FULL;");
            CheckReport fixed = check(config);
            assertThat(notPassed(section(fixed, "shop"))).containsExactly("primary key public.events: FAIL");
            assertThat(result(fixed, "shop", "replica identity public.docs").detail())
                    .isEqualTo("REPLICA IDENTITY FULL: updates carry every column");
        }
    }

    @Test
    void aKeylessTableKeyedByMessageKeyColumnsStillNeedsAReplicaIdentity() {
        try (TestDatabase db = TestDatabases.postgres().createDatabase()) {
            db.execute("CREATE TABLE events (id bigint NOT NULL, what varchar(20))");
            PipelineConfig config = pipeline("msgkey-" + db.name(), duckDb(), source("shop", SourceType.POSTGRES, db,
                    db.user(), db.password(), List.of("public.events"), Map.of("message.key.columns", "public.events:id")));

            CheckReport report = check(config);

            assertThat(result(report, "shop", "primary key public.events").detail())
                    .isEqualTo("no primary key; keyed by message.key.columns (id)");
            assertThat(result(report, "shop", "replica identity public.events")).isEqualTo(new CheckResult(
                    "replica identity public.events", FAIL, "public.events has no primary key; with REPLICA IDENTITY"
                    + " DEFAULT, UPDATE and DELETE on it fail on the source once the publication includes it",
                    "ALTER TABLE public.events REPLICA IDENTITY FULL;"));
        }
    }

    @Test
    void aSlotFarBehindTheWalIsAWarningWithHowToReleaseIt() {
        try (TestDatabase db = TestDatabases.postgres().createDatabase()) {
            String slot = "sluice_lag_" + db.name() + "_shop";
            db.execute("CREATE TABLE items (id int PRIMARY KEY, label varchar(250))",
                    "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')",
                    "INSERT INTO items SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            PipelineConfig config = pipeline("lag-" + db.name(), duckDb(), source("shop", SourceType.POSTGRES, db,
                    db.user(), db.password(), List.of("public.items")));

            CheckReport report = PipelineCheck.run(config, 1L << 20);

            CheckResult result = result(report, "shop", "replication slot");
            assertThat(result.status()).isEqualTo(WARN);
            assertThat(result.detail()).startsWith("slot " + slot + " is inactive; confirmed position ")
                    .endsWith("more than the 1.0 MB allowed");
            assertThat(result.fix()).isEqualTo("start the pipeline so the slot catches up, or if it is retired:"
                    + " SELECT pg_drop_replication_slot('" + slot + "');");
            assertThat(result(report, "shop", "max_replication_slots").detail())
                    .endsWith("in use; including this source's slot " + slot);
            assertThat(notPassed(section(report, "shop"))).containsExactly("replication slot: WARN");
        }
    }

    @Test
    void aServerWithoutLogicalWalOrRoomForSlotsAndSendersFailsWithTheSettingsToChange() {
        try (PostgresServer server = TestDatabases.startPostgres(Map.of(
                     "wal_level", "replica", "max_replication_slots", "1", "max_wal_senders", "0"));
             TestDatabase db = server.createDatabase()) {
            db.execute("CREATE TABLE items (id int PRIMARY KEY)",
                    "SELECT pg_create_physical_replication_slot('standby')");

            CheckReport report = check(pipeline("bad", duckDb(), source("shop", SourceType.POSTGRES, db, db.user(),
                    db.password(), List.of("public.items"))));

            assertThat(names(section(report, "shop"))).containsExactlyElementsOf(EVERY_CHECK_OF_ONE_TABLE);
            assertThat(notPassed(section(report, "shop"))).containsExactly("wal_level: FAIL",
                    "max_replication_slots: FAIL", "max_wal_senders: FAIL", "replication connection: FAIL");
            assertThat(result(report, "shop", "wal_level")).isEqualTo(new CheckResult("wal_level", FAIL,
                    "wal_level is replica; logical decoding needs logical",
                    "ALTER SYSTEM SET wal_level = logical;  -- as a superuser; then restart PostgreSQL"));
            assertThat(result(report, "shop", "max_replication_slots")).isEqualTo(new CheckResult(
                    "max_replication_slots", FAIL, "1 of 1 replication slots in use; this source needs 1 more, none is"
                    + " free", "ALTER SYSTEM SET max_replication_slots = 6;  -- as a superuser; then restart PostgreSQL"));
            assertThat(result(report, "shop", "max_wal_senders")).isEqualTo(new CheckResult("max_wal_senders", FAIL,
                    "0 of 0 WAL senders in use; this source needs 1 more, none is free",
                    "ALTER SYSTEM SET max_wal_senders = 5;  -- as a superuser; then restart PostgreSQL"));
            CheckResult replication = result(report, "shop", "replication connection");
            assertThat(replication.detail()).contains("max_wal_senders");
            assertThat(replication.fix())
                    .isEqualTo("ALTER SYSTEM SET max_wal_senders = 5;  -- as a superuser; then restart PostgreSQL");
        }
    }

    /** Amazon RDS has no ALTER SYSTEM and no superuser: its fixes are parameters and the rds_replication role. */
    @Test
    void onAmazonRdsTheFixesAreTheParameterGroupAndRdsReplication() {
        try (PostgresServer server = TestDatabases.startPostgres(Map.of("wal_level", "replica"));
             TestDatabase db = server.createDatabase()) {
            // What tells an RDS instance apart, as far as the check looks.
            db.execute("CREATE ROLE rds_superuser", "CREATE ROLE rds_replication",
                    "CREATE TABLE items (id int PRIMARY KEY)", "CREATE ROLE loader LOGIN",
                    "GRANT SELECT ON items TO loader");
            PipelineConfig config = pipeline("rds", duckDb(), source("shop", SourceType.POSTGRES, db, "loader", "x",
                    List.of("public.items")));

            CheckReport report = check(config);

            assertThat(result(report, "shop", "wal_level").fix()).isEqualTo("rds.logical_replication = 1  # in the"
                    + " instance's DB parameter group (Aurora: the cluster parameter group), then reboot it");
            assertThat(result(report, "shop", "replication role").fix()).isEqualTo("GRANT rds_replication TO loader;");

            db.execute("GRANT rds_replication TO loader;");
            assertThat(result(check(config), "shop", "replication role"))
                    .isEqualTo(new CheckResult("replication role", PASS, "loader is a member of rds_replication", null));
        }
    }

    /** The machine's PostgreSQL 15, installed with the distribution's wal_level=replica. */
    @Test
    void theInstalledPostgres15ServiceFailsOnlyOnWalLevel() {
        try (TestDatabase db = TestDatabases.postgresService().createDatabase()) {
            db.execute("CREATE TABLE items (id int PRIMARY KEY, label varchar(50))");

            CheckReport report = check(pipeline("service-" + db.name().replace('_', '-'), duckDb(),
                    source("shop", SourceType.POSTGRES, db, db.user(), db.password(), List.of("public.items"))));

            assertThat(result(report, "shop", "server version").detail()).startsWith("PostgreSQL 15.");
            assertThat(result(report, "shop", "wal_level")).isEqualTo(new CheckResult("wal_level", FAIL,
                    "wal_level is replica; logical decoding needs logical",
                    "ALTER SYSTEM SET wal_level = logical;  -- as a superuser; then restart PostgreSQL"));
            assertThat(notPassed(section(report, "shop"))).as(text(report)).containsExactly("wal_level: FAIL");
        }
    }
}
