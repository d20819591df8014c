package io.sluice.connector.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;
import org.junit.jupiter.api.Test;

/** The connector's contract with Connect: its settings, their validation, its tasks, its offsets. */
class SluiceSinkConnectorTest {

    @Test
    void aValidConfigurationPassesIncludingTheWarehouseCheck() {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            Map<String, ConfigValue> result = validate(settings(warehouse));
            assertThat(result.values()).allSatisfy(value ->
                    assertThat(value.errorMessages()).as(value.name()).isEmpty());
        }
    }

    @Test
    void anUnreachableWarehouseIsReportedOnTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(Map.of(
                SluiceSinkConfig.CONNECTION_URL, "jdbc:postgresql://127.0.0.1:" + closedPort + "/wh?password=secret",
                SluiceSinkConfig.CONNECTION_USER, "sluice"));

        List<String> errors = validate(settings).get(SluiceSinkConfig.CONNECTION_URL).errorMessages();

        assertThat(errors).singleElement().satisfies(error -> assertThat(error)
                .startsWith("cannot connect to the warehouse at jdbc:postgresql://127.0.0.1:" + closedPort + "/wh:")
                .contains("Connection")
                .doesNotContain("secret"));
    }

    @Test
    void wrongSettingsAreEachReportedWithTheFix() {
        Map<String, String> settings = Map.of(
                SluiceSinkConfig.CONNECTION_URL, "jdbc:oracle:thin:@db:1521/wh",
                SluiceSinkConfig.TABLE_NAME_FORMAT, "${source}_events",
                SluiceSinkConfig.DELETE_MODE, "sometimes",
                SluiceSinkConfig.SCHEMA_CHANGES, "loose",
                SluiceSinkConfig.FLUSH_MAX_RECORDS, "0");

        Map<String, ConfigValue> result = validate(settings);

        assertThat(result.get(SluiceSinkConfig.CONNECTION_URL).errorMessages()).singleElement().asString()
                .contains("no Sluice warehouse dialect for JDBC URL 'jdbc:oracle:thin:@db:1521/wh'")
                .contains("jdbc:postgresql:");
        assertThat(result.get(SluiceSinkConfig.TABLE_NAME_FORMAT).errorMessages()).singleElement().asString()
                .contains("must contain ${table}");
        assertThat(result.get(SluiceSinkConfig.DELETE_MODE).errorMessages()).singleElement().asString()
                .contains("sometimes").containsIgnoringCase("hard").containsIgnoringCase("soft");
        assertThat(result.get(SluiceSinkConfig.SCHEMA_CHANGES).errorMessages()).singleElement().asString()
                .containsIgnoringCase("evolve").containsIgnoringCase("strict");
        assertThat(result.get(SluiceSinkConfig.FLUSH_MAX_RECORDS).errorMessages()).singleElement().asString()
                .contains("at least 1");
    }

    @Test
    void anInMemoryDuckDbIsRefusedAndAMissingFolderReported() {
        assertThat(validate(Map.of(SluiceSinkConfig.CONNECTION_URL, "jdbc:duckdb:"))
                .get(SluiceSinkConfig.CONNECTION_URL).errorMessages()).singleElement().asString()
                .contains("in-memory DuckDB");
        assertThat(validate(Map.of(SluiceSinkConfig.CONNECTION_URL, "jdbc:duckdb:/no/such/folder/wh.duckdb"))
                .get(SluiceSinkConfig.CONNECTION_URL).errorMessages()).singleElement().asString()
                .contains("does not exist");
    }

    @Test
    void everyTaskGetsTheSettingsAndItsOwnIndex() {
        SluiceSinkConnector connector = new SluiceSinkConnector();
        connector.start(Map.of(SluiceSinkConfig.NAME, "wh", SluiceSinkConfig.CONNECTION_URL, "jdbc:postgresql://h/db"));

        List<Map<String, String>> tasks = connector.taskConfigs(3);

        assertThat(tasks).hasSize(3).allSatisfy(task -> assertThat(task)
                .containsEntry(SluiceSinkConfig.NAME, "wh")
                .containsEntry(SluiceSinkConfig.CONNECTION_URL, "jdbc:postgresql://h/db"));
        assertThat(tasks).extracting(task -> task.get(SluiceSinkTask.TASK_INDEX)).containsExactly("0", "1", "2");
        assertThat(connector.taskClass()).isEqualTo(SluiceSinkTask.class);
    }

    @Test
    void everySettingIsDocumentedInTheConfigDefAndThePluginReadme() throws IOException {
        String readme = Files.readString(Path.of("src/main/plugin/doc/README"));
        for (ConfigDef.ConfigKey key : SluiceSinkConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.documentation).as(key.name).isNotBlank();
            assertThat(readme).as("doc/README lists " + key.name).contains("\n" + key.name + " ");
        }
        assertThat(SluiceSinkConfig.CONFIG_DEF.configKeys().get(SluiceSinkConfig.CONNECTION_PASSWORD).type)
                .isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @Test
    void connectFindsTheSinkThroughServiceLoader() {
        assertThat(ServiceLoader.load(SinkConnector.class).stream().map(provider -> provider.type().getName()))
                .contains(SluiceSinkConnector.class.getName());
    }

    @Test
    void alteringOrResettingOffsetsThroughConnectChangesTheWarehouseOffsets() {
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            Map<String, String> settings = settings(warehouse);
            SluiceSinkConnector connector = new SluiceSinkConnector();
            TopicPartition p0 = new TopicPartition("shop.public.orders", 0);
            TopicPartition p1 = new TopicPartition("shop.public.orders", 1);

            assertThat(connector.alterOffsets(settings, Map.of(p0, 42L, p1, 7L))).isTrue();
            assertThat(warehouse.query("SELECT \"partition\", \"offset\" FROM _sluice_connect_offsets"
                    + " WHERE connector = 'wh' ORDER BY 1")).containsExactly(List.of(0, 42L), List.of(1, 7L));

            Map<TopicPartition, Long> reset = new HashMap<>();
            reset.put(p0, null);
            connector.alterOffsets(settings, reset);
            assertThat(warehouse.query("SELECT \"partition\", \"offset\" FROM _sluice_connect_offsets"
                    + " WHERE connector = 'wh'")).containsExactly(List.of(1, 7L));
        }
    }

    private static Map<String, String> settings(TestDatabase warehouse) {
        return Map.of(SluiceSinkConfig.NAME, "wh",
                SluiceSinkConfig.CONNECTION_URL, warehouse.jdbcUrl(),
                SluiceSinkConfig.CONNECTION_USER, warehouse.user(),
                SluiceSinkConfig.CONNECTION_PASSWORD, warehouse.password());
    }

    private static Map<String, ConfigValue> validate(Map<String, String> settings) {
        Map<String, ConfigValue> byName = new HashMap<>();
        for (ConfigValue value : new SluiceSinkConnector().validate(settings).configValues()) {
            byName.put(value.name(), value);
        }
        return byName;
    }
}
