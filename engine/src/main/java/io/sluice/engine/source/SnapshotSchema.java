package io.sluice.engine.source;

import io.debezium.config.CommonConnectorConfig;
import io.debezium.config.Configuration;
import io.debezium.connector.common.CdcSourceTaskContext;
import io.debezium.connector.postgresql.PostgresConnectorConfig;
import io.debezium.connector.postgresql.PostgresSchema;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.connection.PostgresConnection;
import io.debezium.relational.CustomConverterRegistry;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The table schemas and value converters of Debezium's PostgreSQL connector, built as its task builds them, so
 * the rows {@link ParallelSnapshot} reads become the very records Debezium's own snapshot would emit (same key
 * and envelope schemas, same column filters and key columns, same conversions of every type).
 *
 * <p>This leans on Debezium's internals ({@code PostgresSchema}'s protected constructor and refresh); a Debezium
 * upgrade must run TypeRoundTripTest, which compares the warehouse against a snapshot Debezium took itself.
 */
final class SnapshotSchema extends PostgresSchema {

    private SnapshotSchema(PostgresConnectorConfig config, Configuration raw, PostgresConnection connection) {
        super(new CdcSourceTaskContext<>(raw, config, Map.of()), connection.getDefaultValueConverter(),
                config.getTopicNamingStrategy(CommonConnectorConfig.TOPIC_NAMING_STRATEGY),
                PostgresValueConverter.of(config, connection.getDatabaseCharset(), connection.getTypeRegistry()),
                new CustomConverterRegistry(List.of()));
    }

    /** The captured tables' schemas as the connection sees them now (under the exported snapshot). */
    static SnapshotSchema read(PostgresConnectorConfig config, Configuration raw, PostgresConnection connection)
            throws SQLException {
        SnapshotSchema schema = new SnapshotSchema(config, raw, connection);
        schema.refresh(connection, false);
        return schema;
    }
}
