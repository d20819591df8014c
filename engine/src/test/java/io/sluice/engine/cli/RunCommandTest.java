package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.bench.EngineProcess;
import io.sluice.engine.pipeline.Await;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} on a pipeline file whose settings come from the environment, when it is
 * stopped with SIGTERM, then it exits 0 after committing; and when the source changes while it is
 * down, a second run picks the changes up without copying the table again.
 */
class RunCommandTest {

    private static final String PIPELINE = """
            pipeline: sigterm
            sources:
              - name: shop
                type: postgres
                host: ${env:PG_HOST}
                port: ${env:PG_PORT}
                user: ${env:PG_USER}
                password: ${env:PG_PASSWORD}
                database: ${env:PG_DATABASE}
                tables: [public.items]
            warehouse:
              type: postgres
              url: ${env:WH_URL}
              user: ${env:WH_USER}
              password: ${env:WH_PASSWORD}
            flush:
              max-age: 100ms
            """;

    @Test
    void sigtermStopsCleanlyAndARestartResumesWithoutGapOrSecondSnapshot(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                    "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 200) g");
            Path file = work.resolve("sigterm.yaml");
            Files.writeString(file, PIPELINE);
            Map<String, String> environment = Map.of(
                    "PG_HOST", source.host(), "PG_PORT", Integer.toString(source.port()), "PG_USER", source.user(),
                    "PG_PASSWORD", source.password(), "PG_DATABASE", source.name(),
                    "WH_URL", warehouse.jdbcUrl(), "WH_USER", warehouse.user(), "WH_PASSWORD", warehouse.password());

            try (EngineProcess first = EngineProcess.start(environment, work.resolve("first.log"), "run", file.toString())) {
                awaitRows(warehouse, "SELECT count(*) FROM items", 200L, first);
                source.execute("UPDATE items SET label = 'streamed' WHERE id = 1");
                awaitRows(warehouse, "SELECT count(*) FROM items WHERE label = 'streamed'", 1L, first);

                assertThat(first.terminate(30)).as("exit code after SIGTERM; output:\n" + first.output()).isZero();
                assertThat(first.output()).contains("Pipeline 'sigterm' stopped");
            }

            source.execute("INSERT INTO items VALUES (201, 'while down')", "DELETE FROM items WHERE id = 2",
                    "UPDATE items SET label = 'changed while down' WHERE id = 3");

            try (EngineProcess second = EngineProcess.start(environment, work.resolve("second.log"), "run",
                    file.toString())) {
                awaitRows(warehouse, "SELECT count(*) FROM items WHERE id = 201 OR label = 'changed while down'", 2L, second);
                awaitRows(warehouse, "SELECT count(*) FROM items", 200L, second);
                assertThat(second.terminate(30)).isZero();
                assertThat(second.output()).contains("after 3 changes");
            }
            assertThat(warehouse.query("SELECT id, label FROM items WHERE id IN (1, 2, 3, 201) ORDER BY id"))
                    .containsExactly(List.of(1, "streamed"), List.of(3, "changed while down"), List.of(201, "while down"));
        }
    }

    private static void awaitRows(TestDatabase warehouse, String countSql, long expected, EngineProcess process)
            throws Exception {
        try {
            Await.until(countSql + " = " + expected, Duration.ofSeconds(60), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("sluice exited early:\n" + process.output());
                }
                return ((Number) warehouse.query(countSql).get(0).get(0)).longValue() == expected;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsluice output:\n" + process.output(), e);
        }
    }
}
