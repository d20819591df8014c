package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.engine.demo.TableComparison;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;

/**
 * MySQL 8 through Debezium's MySQL connector (the binlog path MariaDB shares), where a Docker engine
 * exists. Our machines have none: there the test reports "not run: needs Docker" (the README's test
 * matrix says so) rather than passing without having run.
 */
class MySqlToWarehouseTest {

    @Test
    void mysql8SnapshotAndStreamingIntoPostgres() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            String reason = "MySQL 8 end to end: not run: needs Docker (Testcontainers starts MySQL 8);"
                    + " no Docker engine on this machine";
            System.out.println(reason); // in the build log too, not only in the test report
            Assumptions.abort(reason);
        }
        try (MySQLContainer<?> mysql = new MySQLContainer<>("mysql:8.4.3").withDatabaseName("shop")
                .withUsername("root").withPassword("sluice");
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            mysql.start();
            try (Connection connection = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "sluice");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2))");
                statement.execute("INSERT INTO items VALUES (1, 'one', 1.50), (2, 'two', 2.00)");
            }
            SourceConfig source = new SourceConfig("my", SourceType.MYSQL, mysql.getHost(), mysql.getFirstMappedPort(),
                    "root", "sluice", null, List.of("shop.items"), SnapshotMode.INITIAL, null, null, Map.of());
            PipelineConfig config = new PipelineConfig("mysql8", List.of(source), warehouse.config(), Pipelines.FAST_FLUSH, null);
            try (Pipeline pipeline = Pipeline.start(config);
                 Connection connection = DriverManager.getConnection(mysql.getJdbcUrl(), "root", "sluice")) {
                connection.createStatement().execute("UPDATE items SET price = 9.99 WHERE id = 1");
                connection.createStatement().execute("DELETE FROM items WHERE id = 2");
                Await.until("the MySQL table in the warehouse", Duration.ofSeconds(120), () -> {
                    try (Connection w = pipeline.warehouse().getConnection()) {
                        return TableComparison.compare("items", connection, "items", w, "items", pipeline.dialect()::quote)
                                .equal();
                    }
                });
                assertThat(pipeline.stats().quarantined()).isZero();
            }
        }
    }
}
