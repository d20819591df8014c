package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.WarehouseConfig;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Given one PostgreSQL and one MariaDB source in one pipeline, when both change, then both land in the
 * same warehouse, each source with its own offsets row.
 */
class SeveralSourcesTest {

    @Test
    void postgresAndMariaDbWriteIntoOneWarehouse() throws Exception {
        try (TestDatabase postgres = TestDatabases.postgres().createDatabase();
             TestDatabase mariadb = TestDatabases.mariadb().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            postgres.execute("CREATE TABLE pg_orders (id int PRIMARY KEY, total numeric(10,2))",
                    "INSERT INTO pg_orders VALUES (1, 10.50), (2, 20.00)");
            mariadb.execute("CREATE TABLE maria_users (id INT PRIMARY KEY, name VARCHAR(50))",
                    "INSERT INTO maria_users VALUES (1, 'ada'), (2, 'grace'), (3, 'alan')");
            // The warehouse table name template keeps the two sources apart even for equal table names.
            WarehouseConfig named = new WarehouseConfig(warehouse.config().type(), null, warehouse.config().url(),
                    warehouse.config().user(), warehouse.config().password(), null, warehouse.config().deleteMode(),
                    "${source}_${table}");
            PipelineConfig pg = Pipelines.postgresSource("two", postgres, List.of("public.pg_orders"), named);
            PipelineConfig maria = Pipelines.mariadbSource("two", mariadb, List.of("maria_users"), named);
            PipelineConfig both = new PipelineConfig("two", List.of(pg.sources().get(0), maria.sources().get(0)),
                    named, pg.flush(), null);

            try (Pipeline pipeline = Pipeline.start(both)) {
                postgres.execute("INSERT INTO pg_orders VALUES (3, 30.00)");
                mariadb.execute("DELETE FROM maria_users WHERE id = 3");
                Await.until("both sources in the warehouse", Duration.ofSeconds(60), () -> {
                    try (var connection = pipeline.warehouse().getConnection();
                         var rows = connection.createStatement().executeQuery(
                                 "SELECT (SELECT count(*) FROM src_pg_orders), (SELECT count(*) FROM maria_maria_users)")) {
                        rows.next();
                        return rows.getInt(1) == 3 && rows.getInt(2) == 2;
                    }
                });
                try (var connection = pipeline.warehouse().getConnection();
                     var rows = connection.createStatement().executeQuery(
                             "SELECT source FROM _sluice_offsets WHERE pipeline = 'two' ORDER BY source")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("maria");
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("src");
                    assertThat(rows.next()).isFalse();
                }
            }
        }
    }
}
