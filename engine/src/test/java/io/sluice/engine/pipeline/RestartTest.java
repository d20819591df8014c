package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given a pipeline that has caught up and is closed, when the source changes while it is down and it
 * starts again, then it resumes from the offsets it committed in the warehouse: no second snapshot,
 * and nothing that changed while it was down is lost.
 */
class RestartTest {

    @Test
    void restartResumesFromTheWarehouseOffsetsWithoutSnapshottingAgain() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute(PostgresToWarehouseTest.CREATE_ACCOUNTS);
            for (int id = 1; id <= 50; id++) {
                source.execute(PostgresToWarehouseTest.INSERT_ACCOUNT.formatted(id, "row " + id));
            }
            PipelineConfig config = Pipelines.postgresSource("restart", source, List.of("public.accounts"),
                    warehouse.config());

            try (Pipeline first = Pipeline.start(config)) {
                PostgresToWarehouseTest.awaitEqual(first, source, 50);
                source.execute("UPDATE accounts SET name = 'streamed' WHERE id = 1");
                Await.until("the streamed update", Duration.ofSeconds(30),
                        () -> first.stats().changes() >= 51);
            }

            source.execute(
                    "UPDATE accounts SET name = 'changed while down' WHERE id = 2",
                    "DELETE FROM accounts WHERE id = 3",
                    PostgresToWarehouseTest.INSERT_ACCOUNT.formatted(100, "inserted while down"));

            try (Pipeline second = Pipeline.start(config)) {
                PostgresToWarehouseTest.awaitEqual(second, source, 50);
                // Exactly the three changes made while it was down: a snapshot would have read 50 rows.
                assertThat(second.stats().changes()).isEqualTo(3);
            }
            try (Connection connection = warehouse.connect();
                 ResultSet rows = connection.createStatement()
                         .executeQuery("SELECT count(*) FROM _sluice_offsets WHERE pipeline = 'restart'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).as("one offsets row for the one source partition").isEqualTo(1);
            }
        }
    }
}
