package io.sluice.config;

import java.util.Properties;

/**
 * Turns one source block of the pipeline file into the properties of Debezium's connector for it.
 * Only the connector's own settings live here; how the standalone engine stores offsets and schema
 * history is added by the engine.
 */
public final class DebeziumProperties {

    private DebeziumProperties() {
    }

    /**
     * @param pipeline the pipeline's name
     * @param source   the source block
     */
    public static Properties of(String pipeline, SourceConfig source) {
        Properties props = new Properties();
        props.setProperty("name", engineName(pipeline, source));
        // The topic prefix names the source in every event's 'source.name' and in its offsets.
        props.setProperty("topic.prefix", source.name());
        props.setProperty("database.hostname", source.host());
        props.setProperty("database.port", Integer.toString(source.port()));
        props.setProperty("database.user", source.user());
        if (source.password() != null) {
            props.setProperty("database.password", source.password());
        }
        props.setProperty("snapshot.mode", source.snapshot().debeziumName());
        // Debezium names its JMX beans after the topic prefix (the source's name); the pipeline tag keeps
        // two pipelines with a source of the same name apart in one JVM.
        props.setProperty("custom.metric.tags", "pipeline=" + pipeline);
        props.setProperty("table.include.list", String.join(",", source.tables()));
        // Debezium skips TRUNCATE events by default; the warehouse must see them to stay equal.
        props.setProperty("skipped.operations", "none");
        switch (source.type()) {
            case POSTGRES -> postgres(pipeline, source, props);
            case MARIADB -> binlog(pipeline, source, props, "io.debezium.connector.mariadb.MariaDbConnector");
            case MYSQL -> binlog(pipeline, source, props, "io.debezium.connector.mysql.MySqlConnector");
        }
        rules(source.rules(), props);
        if (source.heartbeat().interval() != null) {
            props.setProperty("heartbeat.interval.ms", Long.toString(source.heartbeat().interval().toMillis()));
        }
        if (source.heartbeat().query() != null) {
            props.setProperty("heartbeat.action.query", source.heartbeat().query());
        }
        // Exact decimals and microsecond times: the warehouse gets the source's values, not doubles.
        props.setProperty("decimal.handling.mode", "precise");
        props.setProperty("time.precision.mode", "adaptive_time_microseconds");
        source.debezium().forEach(props::setProperty);
        return props;
    }

    private static void rules(TableRules rules, Properties props) {
        if (!rules.keys().isEmpty()) {
            // Debezium's form: "schema.table:col1,col2;schema.other:col".
            props.setProperty("message.key.columns", String.join(";", rules.keys().entrySet().stream()
                    .map(entry -> entry.getKey() + ":" + String.join(",", entry.getValue())).toList()));
        }
        if (!rules.includeColumns().isEmpty()) {
            props.setProperty("column.include.list", String.join(",", rules.includeColumns()));
        }
        if (!rules.excludeColumns().isEmpty()) {
            props.setProperty("column.exclude.list", String.join(",", rules.excludeColumns()));
        }
    }

    /** The embedded engine's name; Debezium keys the source's offsets by it. */
    public static String engineName(String pipeline, SourceConfig source) {
        return "sluice-" + pipeline + "-" + source.name();
    }

    private static void binlog(String pipeline, SourceConfig source, Properties props, String connectorClass) {
        props.setProperty("connector.class", connectorClass);
        props.setProperty("database.server.id", Long.toString(serverId(pipeline, source)));
        // Read the schemas of the captured databases only.
        props.setProperty("database.include.list", String.join(",", source.tables().stream()
                .map(table -> table.substring(0, table.indexOf('.'))).distinct().toList()));
        // ...and keep the DDL history of those databases only: Debezium's default reads every table of every
        // database on the server at snapshot time, so a table dropped elsewhere meanwhile fails the snapshot
        // ("Table 'other.t' doesn't exist"), and the history grows with tables never captured.
        props.setProperty("schema.history.internal.store.only.captured.databases.ddl", "true");
        props.setProperty("include.schema.changes", "false");
        // Unsigned BIGINT values above Long.MAX_VALUE stay exact.
        props.setProperty("bigint.unsigned.handling.mode", "precise");
    }

    /**
     * The replica id the connector uses towards the server: stable for a pipeline and source, in a
     * range real replicas rarely use. Override it with {@code debezium: {database.server.id: …}}.
     */
    static long serverId(String pipeline, SourceConfig source) {
        return 5_400_000L + Math.floorMod((pipeline + "/" + source.name()).hashCode(), 1_000_000);
    }

    private static void postgres(String pipeline, SourceConfig source, Properties props) {
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("plugin.name", "pgoutput"); // Debezium's default is still decoderbufs
        props.setProperty("database.dbname", source.database());
        props.setProperty("slot.name", source.slotName(pipeline));
        props.setProperty("publication.name", source.publicationName(pipeline));
        // Intervals as ISO text: exact months, days and microseconds (the numeric mode folds months into days).
        props.setProperty("interval.handling.mode", "string");
        // Publish only the captured tables, so the slot does not hold changes nobody reads.
        props.setProperty("publication.autocreate.mode", "filtered");
    }
}
