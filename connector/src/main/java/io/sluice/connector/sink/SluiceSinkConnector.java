package io.sluice.connector.sink;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.connector.dialect.Dialects;
import io.sluice.connector.writer.WarehouseDataSource;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Keeps a warehouse database in step with the Debezium change events on Kafka topics: the same reduction
 * buffer, writer, dialects and quarantine table as Sluice's standalone engine, exactly once through
 * consumer offsets stored with the rows ({@link SluiceSinkTask}). Governance runs as Connect
 * transformations ({@code transforms=} with {@code io.sluice.connector.transforms.*}).
 *
 * <p>Every task has its own connection pool, buffer and writer; partitions spread over the tasks as
 * Connect assigns them. Debezium sends all changes of one row to one partition, so per row the order
 * holds however many tasks there are.
 */
public final class SluiceSinkConnector extends SinkConnector {

    private Map<String, String> settings;

    @Override
    public String version() {
        return PluginVersion.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        // Fails here, with the setting's name, rather than later in every task.
        new SluiceSinkConfig(props).connectorName();
        settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SluiceSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(settings);
            task.put(SluiceSinkTask.TASK_INDEX, Integer.toString(i));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing to release: the connector holds only its settings; the tasks own the pools.
    }

    @Override
    public ConfigDef config() {
        return SluiceSinkConfig.CONFIG_DEF;
    }

    /** Besides each setting on its own: can the warehouse be reached with these credentials? */
    @Override
    public Config validate(Map<String, String> props) {
        Config config = super.validate(props);
        Map<String, ConfigValue> values = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            values.put(value.name(), value);
        }
        ConfigValue url = values.get(SluiceSinkConfig.CONNECTION_URL);
        if (url != null && url.errorMessages().isEmpty() && url.value() != null) {
            ConfigValue password = values.get(SluiceSinkConfig.CONNECTION_PASSWORD);
            String problem = WarehouseCheck.problem((String) url.value(),
                    (String) values.get(SluiceSinkConfig.CONNECTION_USER).value(),
                    password.value() == null ? null
                            : ((org.apache.kafka.common.config.types.Password) password.value()).value());
            if (problem != null) {
                url.addErrorMessage(problem);
            }
        }
        return config;
    }

    /**
     * Connect's REST API alters or resets a stopped sink's offsets: the warehouse's offsets table is what
     * the tasks resume from, so the change goes there (the consumer group's offsets are altered by Connect
     * as well).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        SluiceSinkConfig config = new SluiceSinkConfig(connectorConfig);
        String url = config.connectionUrl();
        try (HikariDataSource dataSource = WarehouseDataSource.create(config.connectorName() + "-offsets", url,
                config.user(), config.password(), 1)) {
            ConnectOffsetTable table = new ConnectOffsetTable(dataSource, Dialects.forJdbcUrl(url), config.warehouseSchema());
            table.createIfMissing();
            table.alter(config.connectorName(), offsets);
            return true;
        } catch (SQLException | RuntimeException e) {
            throw new ConnectException("cannot alter the offsets of '" + config.connectorName() + "' in the warehouse at "
                    + SluiceSinkConfig.redacted(url) + ": " + WarehouseCheck.rootMessage(e), e);
        }
    }
}
