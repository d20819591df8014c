package io.sluice.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Binds {@code forward}: the targets committed changes are sent on to (Kafka, RabbitMQ, NATS, webhook). */
final class ForwardBinder {

    private static final List<String> COMMON = List.of("name", "type", "tables", "batch-size");
    private static final Map<ForwardType, List<String>> TYPE_KEYS = Map.of(
            ForwardType.KAFKA, List.of("bootstrap-servers", "topic"),
            ForwardType.RABBITMQ, List.of("uri", "host", "port", "user", "password", "virtual-host", "exchange",
                    "routing-key"),
            ForwardType.NATS, List.of("url", "stream", "subject"),
            ForwardType.WEBHOOK, List.of("url", "secret", "signature-header"));

    /** Every key a target may have, whatever its type. */
    static final List<String> KEYS = List.of("name", "type", "tables", "batch-size", "bootstrap-servers", "topic",
            "uri", "host", "port", "user", "password", "virtual-host", "exchange", "routing-key", "url", "stream",
            "subject", "secret", "signature-header");

    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]+");

    private ForwardBinder() {
    }

    /** @return the targets; those with a problem (reported) are left out */
    static List<ForwardTarget> bind(List<YamlMapping> items, Binding binding) {
        rejectDuplicateNames(items, binding);
        List<ForwardTarget> targets = new ArrayList<>();
        for (YamlMapping item : items) {
            ForwardTarget target = bind(item, binding);
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    private static ForwardTarget bind(YamlMapping target, Binding binding) {
        int errorsBefore = binding.errors().count();
        target.rejectUnknownKeys(KEYS);
        String name = target.required("name", ScalarParsers.NAME, "name the target, e.g. name: to-dashboard")
                .orElse(null);
        ForwardType type = target.required("type", ScalarParsers.choice(ForwardType.class),
                "say where to send, e.g. type: kafka (or rabbitmq, nats, webhook)").orElse(null);
        List<String> tables = target.optionalList("tables", ScalarParsers.qualifiedTable("schema.table"))
                .orElse(List.of());
        int batchSize = target.optional("batch-size", ScalarParsers.integer(1, 10_000))
                .orElse(ForwardTarget.DEFAULT_BATCH_SIZE);
        if (type == null) {
            return null;
        }
        for (String key : KEYS) {
            if (target.has(key) && !COMMON.contains(key) && !TYPE_KEYS.get(type).contains(key)) {
                target.reportKey(key, "does not apply to a " + type.name().toLowerCase() + " target; allowed: "
                        + String.join(", ", TYPE_KEYS.get(type)));
            }
        }
        ForwardTarget bound = switch (type) {
            case KAFKA -> kafka(target, name, tables, batchSize);
            case RABBITMQ -> rabbitMq(target, name, tables, batchSize);
            case NATS -> nats(target, name, tables, batchSize);
            case WEBHOOK -> webhook(target, name, tables, batchSize);
        };
        return binding.errors().count() > errorsBefore ? null : bound;
    }

    private static ForwardTarget kafka(YamlMapping target, String name, List<String> tables, int batchSize) {
        String servers = target.required("bootstrap-servers", hostPortList(),
                "give the brokers, e.g. bootstrap-servers: kafka-1:9092,kafka-2:9092").orElse(null);
        String topic = target.required("topic", ScalarParsers.NON_EMPTY_TEXT, "name the topic, e.g. topic: shop-changes")
                .orElse(null);
        return servers == null || topic == null ? null : new ForwardTarget.Kafka(name, tables, batchSize, servers, topic);
    }

    private static ForwardTarget rabbitMq(YamlMapping target, String name, List<String> tables, int batchSize) {
        String uri = target.optional("uri", startingWith("amqp://", "amqps://")).orElse(null);
        String host = target.optional("host", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        if (uri != null) {
            for (String key : List.of("host", "port", "user", "password", "virtual-host")) {
                if (target.has(key)) {
                    target.reportKey(key, "the uri already says where and as whom; give either uri or host, port, user,"
                            + " password and virtual-host");
                }
            }
        } else if (host == null && !target.has("host")) {
            target.reportKey("type", "a rabbitmq target needs uri (e.g. uri: ${env:AMQP_URI}) or host");
        }
        int port = target.optional("port", ScalarParsers.PORT).orElse(5672);
        String user = target.optional("user", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        String password = target.optional("password", ScalarParsers.TEXT).orElse(null);
        String vhost = target.optional("virtual-host", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        String exchange = target.required("exchange", ScalarParsers.NON_EMPTY_TEXT,
                "name the exchange, e.g. exchange: sluice.changes").orElse(null);
        String routingKey = target.optional("routing-key", ScalarParsers.TEXT).orElse(null);
        if (exchange == null || (uri == null && host == null)) {
            return null;
        }
        return new ForwardTarget.RabbitMq(name, tables, batchSize, uri, host, port, user, password, vhost, exchange,
                routingKey);
    }

    private static ForwardTarget nats(YamlMapping target, String name, List<String> tables, int batchSize) {
        String url = target.required("url", startingWith("nats://", "tls://"), "give the server, e.g. url: nats://nats:4222")
                .orElse(null);
        String stream = target.optional("stream", ScalarParsers.NON_EMPTY_TEXT).orElse(null);
        String subject = target.required("subject", ScalarParsers.NON_EMPTY_TEXT,
                "name the subject a JetStream stream stores, e.g. subject: sluice.changes").orElse(null);
        return url == null || subject == null ? null : new ForwardTarget.Nats(name, tables, batchSize, url, stream, subject);
    }

    private static ForwardTarget webhook(YamlMapping target, String name, List<String> tables, int batchSize) {
        String url = target.required("url", startingWith("http://", "https://"),
                "give the endpoint, e.g. url: https://dashboard.internal/hooks/sluice").orElse(null);
        String secret = target.required("secret", ScalarParsers.NON_EMPTY_TEXT,
                "give the signing secret by reference, e.g. secret: ${env:WEBHOOK_SECRET}").orElse(null);
        target.scalar("secret").ifPresent(s -> {
            if (!ValueResolver.containsReference(s.written())) {
                // A secret written into the file ends up in version control and backups.
                target.reportValue("secret", "the signing secret is written in the file; give it by reference,"
                        + " e.g. secret: ${env:WEBHOOK_SECRET} or ${file:/run/secrets/webhook}");
            }
        });
        String header = target.optional("signature-header", matching(HEADER_NAME, "expected an HTTP header name",
                "e.g. X-Sluice-Signature")).orElse(ForwardTarget.DEFAULT_SIGNATURE_HEADER);
        return url == null || secret == null ? null
                : new ForwardTarget.Webhook(name, tables, batchSize, url, secret, header);
    }

    static ScalarParser<String> hostPortList() {
        return matching(HOST_PORT_LIST, "expected host:port pairs separated by commas", "e.g. kafka-1:9092,kafka-2:9092");
    }

    static ScalarParser<String> startingWith(String... schemes) {
        return text -> {
            for (String scheme : schemes) {
                if (text.startsWith(scheme)) {
                    return text;
                }
            }
            throw new ValueException("expected a URL starting with " + String.join(" or ", schemes), null);
        };
    }

    private static ScalarParser<String> matching(Pattern pattern, String expected, String fix) {
        return text -> {
            if (!pattern.matcher(text).matches()) {
                throw new ValueException(expected, fix);
            }
            return text;
        };
    }

    /** Target names key the outbox rows, so two targets with one name would take each other's messages. */
    private static void rejectDuplicateNames(List<YamlMapping> items, Binding binding) {
        Map<String, Scalar> firstByName = new HashMap<>();
        for (YamlMapping item : items) {
            item.scalar("name").ifPresent(name -> {
                Scalar first = firstByName.putIfAbsent(name.value(), name);
                if (first != null) {
                    binding.errors().at(name.mark(), name.keyPath(), "duplicate target name \"" + name.value()
                            + "\" (first at line " + (first.mark().getLine() + 1) + "); give each target its own name");
                }
            });
        }
    }
}
