package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.demo.TableComparison;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Given a PostgreSQL source table with rows of many types, when the pipeline snapshots it and then
 * streams inserts, updates, deletes and an update of a primary key, then the warehouse table equals
 * the source row for row, in every warehouse.
 */
class PostgresToWarehouseTest {

    private static final AtomicInteger PIPELINES = new AtomicInteger();
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    static final String CREATE_ACCOUNTS = """
            CREATE TABLE accounts (
              id bigint PRIMARY KEY,
              name text NOT NULL,
              balance numeric(14,2),
              price numeric,
              rate double precision,
              ratio real,
              small smallint,
              counter integer,
              active boolean,
              opened_on date,
              wake_at time,
              local_at timestamp,
              updated_at timestamptz,
              profile jsonb,
              doc json,
              token uuid,
              raw bytea)""";

    static final String INSERT_ACCOUNT = """
            INSERT INTO accounts VALUES (%d, '%s', 1234.50, 123456789012345678901234567890.123456789, 2.5e-3, 1.25,
              -32768, 2147483647, true, '2024-02-29', '23:59:59.123456', '2024-01-01 12:34:56.789012',
              '2024-06-30 23:59:59.999999+02', '{"k": [1, 2, {"z": null}], "u": "ü"}', '{"b": 1, "a": 2}',
              'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff10')""";

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgres", "duckdb", "mariadb"})
    void snapshotThenStreamingKeepsTheWarehouseEqualToTheSource(String warehouseKind) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create(warehouseKind)) {
            source.execute(CREATE_ACCOUNTS,
                    INSERT_ACCOUNT.formatted(1, "Ada"),
                    INSERT_ACCOUNT.formatted(2, "Grace"),
                    "INSERT INTO accounts (id, name) VALUES (3, 'only nulls')");

            try (Pipeline pipeline = Pipeline.start(Pipelines.postgresSource("e2e" + PIPELINES.incrementAndGet(),
                    source, List.of("public.accounts"), warehouse.config()))) {
                awaitEqual(pipeline, source, 3);

                source.execute(
                        INSERT_ACCOUNT.formatted(4, "Zoë 李 🚀 \"quoted\" ''single''"),
                        "INSERT INTO accounts (id, name, balance) VALUES (5, 'short-lived', 1)",
                        "UPDATE accounts SET balance = -0.01, active = false, profile = '[]' WHERE id = 1",
                        "DELETE FROM accounts WHERE id = 5",
                        "DELETE FROM accounts WHERE id = 3",
                        "UPDATE accounts SET id = 20, name = 'Grace moved' WHERE id = 2");
                awaitEqual(pipeline, source, 3);

                assertThat(ids(pipeline)).containsExactly(1L, 4L, 20L);
                try (Connection connection = pipeline.warehouse().getConnection();
                     Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("SELECT balance, active, name FROM accounts WHERE id = 1")) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("-0.01"));
                    assertThat(row.getBoolean(2)).isFalse();
                    assertThat(row.getString(3)).isEqualTo("Ada");
                }
            }
        }
    }

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"postgres", "duckdb"})
    void unchangedToastValuesSurviveUpdatesAndTruncatesEmptyTheWarehouseTable(String warehouseKind) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create(warehouseKind)) {
            // EXTERNAL storage moves long values out of line uncompressed: an UPDATE that does not touch
            // them leaves them out of the WAL, and Debezium sends a placeholder instead.
            source.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, name text, notes text)",
                    "ALTER TABLE accounts ALTER COLUMN notes SET STORAGE EXTERNAL",
                    "INSERT INTO accounts VALUES (1, 'big', repeat('0123456789', 5000)), (2, 'small', 'short')");
            try (Pipeline pipeline = Pipeline.start(Pipelines.postgresSource("toast" + PIPELINES.incrementAndGet(),
                    source, List.of("public.accounts"), warehouse.config()))) {
                awaitEqual(pipeline, source, 2);

                source.execute("UPDATE accounts SET name = 'big, renamed' WHERE id = 1");
                awaitEqual(pipeline, source, 2);

                source.execute("TRUNCATE accounts", "INSERT INTO accounts VALUES (3, 'after truncate', 'n')");
                awaitEqual(pipeline, source, 1);
                assertThat(ids(pipeline)).containsExactly(3L);
            }
        }
    }

    static void awaitEqual(Pipeline pipeline, TestDatabase source, long expectedRows) throws Exception {
        List<TableComparison.Result> last = new ArrayList<>();
        try {
            Await.until("warehouse table accounts to equal the source", CATCH_UP, () -> {
                last.clear();
                last.add(compare(pipeline, source));
                return last.get(0).equal() && last.get(0).sourceRows() == expectedRows;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last comparison: " + last, e.getCause());
        }
    }

    static TableComparison.Result compare(Pipeline pipeline, TestDatabase source) throws Exception {
        try (Connection sourceConnection = source.connect(); Connection warehouse = pipeline.warehouse().getConnection()) {
            return TableComparison.compare("accounts", sourceConnection, "accounts", warehouse,
                    pipeline.dialect().quote("accounts"), pipeline.dialect()::quote);
        }
    }

    private static List<Long> ids(Pipeline pipeline) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = pipeline.warehouse().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM accounts ORDER BY id")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
