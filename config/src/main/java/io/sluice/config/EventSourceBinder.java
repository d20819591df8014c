package io.sluice.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds one entry of {@code sources} whose type is an {@link EventSourceType}. */
final class EventSourceBinder {

    static final List<String> KEYS = List.of("name", "type", "token", "format", "delete-field", "event-id-field",
            "unknown-fields", "tables", "max-request-size", "max-queued-events", "bootstrap-servers", "uri", "host",
            "port", "user", "password", "virtual-host", "url", "stream", "consumer", "batch-size", "dedupe-window");

    private static final List<String> COMMON = List.of("name", "type", "format", "delete-field", "event-id-field",
            "unknown-fields", "tables", "dedupe-window");
    private static final Map<EventSourceType, List<String>> TYPE_KEYS = Map.of(
            EventSourceType.HTTP, List.of("token", "max-request-size", "max-queued-events"),
            EventSourceType.KAFKA, List.of("bootstrap-servers", "batch-size"),
            EventSourceType.RABBITMQ, List.of("uri", "host", "port", "user", "password", "virtual-host", "batch-size"),
            EventSourceType.NATS, List.of("url", "stream", "consumer", "batch-size"));

    static final List<String> TABLE_KEYS = List.of("name", "key", "columns", "topic", "queue", "subject");

    /** The table key that says where a queue source reads the table's messages. */
    private static final Map<EventSourceType, String> FROM_KEY = Map.of(
            EventSourceType.KAFKA, "topic", EventSourceType.RABBITMQ, "queue", EventSourceType.NATS, "subject");

    /** Table and column names reach SQL (quoted by the dialect) and URL paths: keep them plain. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private static final ScalarParser<String> IDENTIFIER_TEXT = text -> {
        if (!IDENTIFIER.matcher(text).matches()) {
            throw new ValueException("expected letters, digits and '_', starting with a letter or '_', at most 63"
                    + " characters", "e.g. events");
        }
        return text;
    };

    private static final ScalarParser<String> FIELD = text -> {
        if (text.isBlank() || text.length() > 200) {
            throw new ValueException("expected a field name of 1 to 200 characters", "e.g. __op");
        }
        return text;
    };

    /**
     * How long applied event ids are remembered. Below a minute a client's own retries (and a broker's
     * redelivery after an ack timeout) would outlive the id they must meet.
     */
    private static final ScalarParser<Duration> DEDUPE_WINDOW = text -> {
        Duration window = Durations.parse(text);
        if (window.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ValueException("expected at least 1m: a retried or redelivered event must still meet its id",
                    "e.g. 168h");
        }
        return window;
    };

    private EventSourceBinder() {
    }

    /** @return the source, or null when anything about it was reported */
    static EventSourceConfig bind(YamlMapping source, EventSourceType type, Binding binding) {
        int errorsBefore = binding.errors().count();
        source.rejectUnknownKeys(KEYS);
        String typeName = type.name().toLowerCase(java.util.Locale.ROOT);
        for (String key : KEYS) {
            if (source.has(key) && !COMMON.contains(key) && !TYPE_KEYS.get(type).contains(key)) {
                source.reportKey(key, "does not apply to a " + typeName + " source; allowed: "
                        + String.join(", ", TYPE_KEYS.get(type)));
            }
        }
        String name = source.required("name", ScalarParsers.NAME, "name the source, e.g. name: web").orElse(null);
        String token = type != EventSourceType.HTTP ? null : source.required("token", ScalarParsers.NON_EMPTY_TEXT,
                "give the bearer token clients must send, e.g. token: ${env:INGEST_TOKEN}").orElse(null);
        QueueConnection queue = switch (type) {
            case HTTP -> null;
            case KAFKA -> kafka(source);
            case RABBITMQ -> rabbitMq(source);
            case NATS -> nats(source, name);
        };
        EventFormat format = source.optional("format", ScalarParsers.choice(EventFormat.class)).orElse(EventFormat.ROWS);
        String deleteField = source.optional("delete-field", FIELD).orElse(EventSourceConfig.DEFAULT_DELETE_FIELD);
        String eventIdField = source.optional("event-id-field", FIELD).orElse(null);
        boolean ignoreUnknown = source.optional("unknown-fields", ScalarParsers.oneOf(List.of("quarantine", "ignore")))
                .map("ignore"::equals).orElse(false);
        long maxRequest = source.optional("max-request-size", ScalarParsers.POSITIVE_SIZE)
                .orElse(EventSourceConfig.DEFAULT_MAX_REQUEST_BYTES);
        int maxQueued = source.optional("max-queued-events", ScalarParsers.POSITIVE_INT)
                .orElse(EventSourceConfig.DEFAULT_MAX_QUEUED_EVENTS);
        Duration dedupeWindow = source.optional("dedupe-window", DEDUPE_WINDOW)
                .orElse(EventSourceConfig.DEFAULT_DEDUPE_WINDOW);
        List<EventTable> tables = new ArrayList<>();
        List<YamlMapping> items = source.requiredMappings("tables", "a mapping with name, key and columns",
                "declare the tables the events feed, e.g. tables: [{name: events, key: [id], columns: {id: bigint}}]")
                .orElse(List.of());
        Set<String> names = new HashSet<>();
        Set<String> froms = new HashSet<>();
        for (YamlMapping item : items) {
            EventTable table = bindTable(item, type, deleteField, binding);
            if (table != null && !names.add(table.name())) {
                item.reportValue("name", "another table of this source has the name \"" + table.name()
                        + "\"; give each table its own name");
            } else if (table != null && table.from() != null && !froms.add(table.from())) {
                // A message says nothing of its table but where it came from.
                String key = FROM_KEY.get(type);
                item.reportValue(key, "another table of this source reads " + key + " \"" + table.from()
                        + "\"; each table its own " + key);
            } else if (table != null) {
                tables.add(table);
            }
        }
        if (binding.errors().count() > errorsBefore) {
            return null;
        }
        return new EventSourceConfig(name, type, token, format, deleteField, eventIdField, ignoreUnknown, tables,
                maxRequest, maxQueued, queue, dedupeWindow);
    }

    private static int batchSize(YamlMapping source) {
        return source.optional("batch-size", ScalarParsers.integer(1, 100_000)).orElse(QueueConnection.DEFAULT_BATCH_SIZE);
    }

    private static QueueConnection kafka(YamlMapping source) {
        String servers = source.required("bootstrap-servers", ForwardBinder.hostPortList(),
                "give the brokers, e.g. bootstrap-servers: kafka-1:9092,kafka-2:9092").orElse(null);
        return new QueueConnection(servers, null, null, 0, null, null, null, null, null, null, batchSize(source));
    }

    private static QueueConnection rabbitMq(YamlMapping source) {
        String uri = source.optional("uri", ForwardBinder.startingWith("amqp://", "amqps://")).orElse(null);
        String host = source.optional("host", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        if (uri != null) {
            for (String key : List.of("host", "port", "user", "password", "virtual-host")) {
                if (source.has(key)) {
                    source.reportKey(key, "the uri already says where and as whom; give either uri or host, port, user,"
                            + " password and virtual-host");
                }
            }
        } else if (!source.has("host")) {
            source.reportKey("type", "a rabbitmq source needs uri (e.g. uri: ${env:AMQP_URI}) or host");
        }
        int port = source.optional("port", ScalarParsers.PORT).orElse(5672);
        String user = source.optional("user", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        String password = source.optional("password", ScalarParsers.TEXT).orElse(null);
        String vhost = source.optional("virtual-host", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        return new QueueConnection(null, uri, host, port, user, password, vhost, null, null, null, batchSize(source));
    }

    private static QueueConnection nats(YamlMapping source, String name) {
        String url = source.required("url", ForwardBinder.startingWith("nats://", "tls://"),
                "give the server, e.g. url: nats://nats:4222").orElse(null);
        String stream = source.required("stream", ScalarParsers.NON_EMPTY_TEXT,
                "name the JetStream stream that stores the tables' subjects, e.g. stream: EVENTS").orElse(null);
        String consumer = source.optional("consumer", CONSUMER_NAME).orElse(name);
        return new QueueConnection(null, null, null, 0, null, null, null, url, stream, consumer, batchSize(source));
    }

    /** A durable consumer name may not hold '.', '*', '>' or white space. */
    private static final ScalarParser<String> CONSUMER_NAME = text -> {
        if (!text.matches("[A-Za-z0-9_-]{1,200}")) {
            throw new ValueException("expected letters, digits, '_' and '-'", "e.g. consumer: sluice-orders");
        }
        return text;
    };

    private static EventTable bindTable(YamlMapping table, EventSourceType type, String deleteField, Binding binding) {
        int errorsBefore = binding.errors().count();
        table.rejectUnknownKeys(TABLE_KEYS);
        String name = table.required("name", IDENTIFIER_TEXT, "name the table, e.g. name: events").orElse(null);
        String fromKey = FROM_KEY.get(type);
        for (String key : FROM_KEY.values()) {
            if (table.has(key) && !key.equals(fromKey)) {
                table.reportKey(key, "does not apply to a table of a " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " source" + (fromKey == null ? "" : "; it reads from '" + fromKey + "'"));
            }
        }
        String from = fromKey == null ? null : table.required(fromKey, ScalarParsers.NON_EMPTY_TEXT,
                "say where the table's messages are, e.g. " + fromKey + ": orders").orElse(null);
        Map<String, EventColumnType> columns = table.requiredMapping("columns", "a mapping of column name to type",
                        "declare the columns, e.g. columns: {id: bigint, kind: text}")
                .map(c -> bindColumns(c, deleteField)).orElse(Map.of());
        List<String> key = table.requiredList("key", IDENTIFIER_TEXT, "name the key columns, e.g. key: [id]")
                .orElse(List.of());
        if (!columns.isEmpty()) {
            for (String column : key) {
                if (!columns.containsKey(column)) {
                    table.reportValue("key", "\"" + column + "\" is not among the declared columns; "
                            + Suggestions.closest(column, List.copyOf(columns.keySet()))
                                    .map(s -> "did you mean '" + s + "'?").orElse("declare it under columns"));
                }
            }
        }
        if (binding.errors().count() > errorsBefore || name == null || columns.isEmpty() || key.isEmpty()) {
            return null;
        }
        return new EventTable(name, key, columns, from);
    }

    private static Map<String, EventColumnType> bindColumns(YamlMapping columns, String deleteField) {
        for (String column : columns.keys()) {
            if (!IDENTIFIER.matcher(column).matches()) {
                columns.reportKey(column, "a column name must be letters, digits and '_', starting with a letter"
                        + " or '_', at most 63 characters");
            } else if (column.equals(deleteField)) {
                columns.reportKey(column, "is the delete-field; name the column otherwise or set delete-field");
            }
        }
        return columns.parsedEntries(ScalarParsers.choice(EventColumnType.class), "give its type, e.g. bigint");
    }
}
