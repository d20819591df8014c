package io.sluice.engine.check;

import static io.sluice.engine.check.CheckFixtures.asAdmin;
import static io.sluice.engine.check.CheckFixtures.check;
import static io.sluice.engine.check.CheckFixtures.duckDb;
import static io.sluice.engine.check.CheckFixtures.pipeline;
import static io.sluice.engine.check.CheckFixtures.postgresWarehouse;
import static io.sluice.engine.check.CheckFixtures.result;
import static io.sluice.engine.check.CheckFixtures.section;
import static io.sluice.engine.check.CheckFixtures.source;
import static io.sluice.engine.check.Status.FAIL;
import static io.sluice.engine.check.Status.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.DeleteMode;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.config.WarehouseConfig;
import io.sluice.config.WarehouseType;
import io.sluice.testing.PostgresServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a warehouse that is missing its schema, its rights or its folder, when {@code sluice check}
 * looks at it, then it says so with the fix, and after the fix it creates and drops a table there.
 */
class CheckWarehouseTest {

    @TempDir
    Path folder;

    @Test
    void aMissingSchemaIsCreatedByTheFix() {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY)");
            PipelineConfig config = pipeline("schema", postgresWarehouse(warehouse, warehouse.user(), "analytics"),
                    itemsOf(source));

            CheckReport report = check(config);

            CheckResult create = result(report, null, "warehouse create table");
            assertThat(create.status()).isEqualTo(FAIL);
            assertThat(create.detail()).startsWith("cannot create a table in schema analytics: ")
                    .contains("schema \"analytics\" does not exist");
            assertThat(create.fix()).isEqualTo("CREATE SCHEMA analytics AUTHORIZATION postgres;");
            assertThat(result(report, null, "warehouse connection").status()).isEqualTo(PASS);

            warehouse.execute(create.fix());
            assertThat(result(check(config), null, "warehouse create table")).isEqualTo(new CheckResult(
                    "warehouse create table", PASS, "created and dropped a table in schema analytics", null));
            assertThat(warehouse.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'analytics'"))
                    .containsExactly(List.of(0L));
        }
    }

    @Test
    void aUserWithoutRightsOnTheSchemaIsToldTheGrant() {
        PostgresServer server = TestDatabases.postgres();
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = server.createDatabase()) {
            String loader = warehouse.name() + "_loader";
            source.execute("CREATE TABLE items (id int PRIMARY KEY)");
            warehouse.execute("CREATE SCHEMA analytics", "CREATE ROLE " + loader + " LOGIN");
            try {
                PipelineConfig config = pipeline("rights", postgresWarehouse(warehouse, loader, "analytics"),
                        itemsOf(source));

                CheckResult create = result(check(config), null, "warehouse create table");

                assertThat(create.status()).isEqualTo(FAIL);
                assertThat(create.detail()).contains("permission denied for schema analytics");
                assertThat(create.fix()).isEqualTo("GRANT USAGE, CREATE ON SCHEMA analytics TO " + loader + ";");

                warehouse.execute(create.fix());
                assertThat(result(check(config), null, "warehouse create table").status()).isEqualTo(PASS);
            } finally {
                warehouse.close();
                asAdmin(server.jdbcUrl("postgres"), server.adminUser(), server.adminPassword(), "DROP ROLE " + loader);
            }
        }
    }

    @Test
    void aDuckDbFileInAMissingFolderIsTheFolderToCreate() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY)");
            Path missing = folder.resolve("not-yet");

            CheckReport report = check(pipeline("folder", duckDb(missing.resolve("shop.duckdb")), itemsOf(source)));

            assertThat(section(report, null).checks()).containsExactly(new CheckResult("warehouse connection", FAIL,
                    "the folder of the DuckDB file, " + missing + ", does not exist", "mkdir -p " + missing));
        }
    }

    @Test
    void anExistingDuckDbFileIsUsedAndKept() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY)");
            Path file = folder.resolve("shop.duckdb");
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + file)) {
                duck.createStatement().execute("CREATE TABLE kept (id INTEGER)");
            }

            CheckReport report = check(pipeline("kept", duckDb(file), itemsOf(source)));

            assertThat(result(report, null, "warehouse connection").detail()).endsWith(", file exists");
            assertThat(result(report, null, "warehouse create table").status()).isEqualTo(PASS);
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + file)) {
                assertThat(duck.createStatement().executeQuery("SELECT count(*) FROM kept").next()).isTrue();
            }
        }
    }

    /** Sluice has no MariaDB warehouse dialect yet: the check says what `sluice run` would. */
    @Test
    void aMariaDbWarehouseConnectsAndTakesTables() {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.mariadb().createDatabase()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY)");
            WarehouseConfig mariadb = new WarehouseConfig(WarehouseType.MARIADB, null, warehouse.jdbcUrl(),
                    warehouse.user(), warehouse.password(), null, DeleteMode.HARD, WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);

            CheckReport report = check(pipeline("mariadb-wh", mariadb, itemsOf(source)));

            assertThat(result(report, null, "warehouse connection").status()).isEqualTo(PASS);
            CheckResult create = result(report, null, "warehouse create table");
            assertThat(create.status()).as(create.detail()).isEqualTo(PASS);
            assertThat(warehouse.query("SELECT count(*) FROM information_schema.tables WHERE table_schema = database()")
                    .get(0).get(0)).as("the check's table is dropped again").isEqualTo(0L);
        }
    }

    private static SourceConfig itemsOf(TestDatabase source) {
        return source("shop", SourceType.POSTGRES, source, source.user(), source.password(), List.of("public.items"));
    }
}
