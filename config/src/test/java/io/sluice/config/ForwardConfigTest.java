package io.sluice.config;

import static io.sluice.config.Fixtures.loadFailure;
import static io.sluice.config.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a {@code forward:} block, the pipeline sends committed changes to exactly the targets it names. */
class ForwardConfigTest {

    private static final String BASE = """
            pipeline: p
            sources:
              - {name: s, type: postgres, host: h, user: u, database: d, tables: [public.t]}
            warehouse: {type: duckdb, path: w.duckdb}
            """;

    @TempDir
    Path folder;

    @Test
    void everyKindOfTargetIsBoundWithItsDefaults() throws IOException {
        PipelineConfig config = PipelineLoader.load(write(BASE + """
                forward:
                  - {name: k, type: kafka, bootstrap-servers: "a:9092,b:9093", topic: changes, tables: [public.t]}
                  - {name: r, type: rabbitmq, uri: "${env:AMQP_URI}", exchange: x}
                  - {name: r2, type: rabbitmq, host: mq, user: u, password: "${env:MQ_PASSWORD}", exchange: x,
                     routing-key: all, batch-size: 20}
                  - {name: n, type: nats, url: "nats://n:4222", stream: S, subject: sluice.changes}
                  - {name: w, type: webhook, url: "https://hooks/in", secret: "${env:HOOK_SECRET}"}
                """), Map.of("AMQP_URI", "amqp://u:pw-1@mq:5672/v", "MQ_PASSWORD", "pw-2", "HOOK_SECRET", "s3cret"));

        assertThat(config.forward()).containsExactly(
                new ForwardTarget.Kafka("k", List.of("public.t"), 500, "a:9092,b:9093", "changes"),
                new ForwardTarget.RabbitMq("r", List.of(), 500, "amqp://u:pw-1@mq:5672/v", null, 5672, null, null, null,
                        "x", null),
                new ForwardTarget.RabbitMq("r2", List.of(), 20, null, "mq", 5672, "u", "pw-2", null, "x", "all"),
                new ForwardTarget.Nats("n", List.of(), 500, "nats://n:4222", "S", "sluice.changes"),
                new ForwardTarget.Webhook("w", List.of(), 500, "https://hooks/in", "s3cret", "X-Sluice-Signature"));
        assertThat(config.forward().get(0).forwards("public.t")).isTrue();
        assertThat(config.forward().get(0).forwards("public.other")).isFalse();
        assertThat(config.forward().toString()).doesNotContain("pw-1", "pw-2", "s3cret");
    }

    @Test
    void theForwardingExampleLoads() {
        Path example = Path.of(System.getProperty("basedir", ".")).resolve("../examples/postgres-forward.yaml");
        Map<String, String> env = new java.util.HashMap<>();
        for (String name : List.of("PG_HOST", "PG_USER", "PG_PASSWORD", "PG_DATABASE", "WH_USER", "WH_PASSWORD",
                "HASH_KEY", "WEBHOOK_SECRET")) {
            env.put(name, "x");
        }
        env.putAll(Map.of("PG_PORT", "5432", "WH_URL", "jdbc:postgresql://wh/db", "KAFKA_BOOTSTRAP", "kafka:9092",
                "NATS_URL", "nats://nats:4222", "WEBHOOK_URL", "https://dash/hook"));

        PipelineConfig config = PipelineLoader.load(example, env);

        assertThat(config.forward()).extracting(ForwardTarget::name).containsExactly("to-kafka", "to-nats", "to-dashboard");
        assertThat(config.forward().get(2).forwards("public.customers")).isFalse();
    }

    @Test
    void mistakesAreReportedWhereTheyAreWithTheFix() throws IOException {
        assertThat(problems(loadFailure(write(BASE + """
                forward:
                  - name: k
                    type: kafka
                    bootstrap-servers: kafka
                    topc: changes
                  - name: k
                    type: webhok
                  - name: w
                    type: webhook
                    url: ftp://x
                    secret: written-here
                    exchange: x
                  - name: r
                    type: rabbitmq
                    uri: amqp://mq
                    host: mq
                """), Map.of()))).containsExactly(
                "6:5: forward[0].topic: missing required key; name the topic, e.g. topic: shop-changes",
                "8:24: forward[0].bootstrap-servers: expected host:port pairs separated by commas, got \"kafka\";"
                        + " e.g. kafka-1:9092,kafka-2:9092",
                "9:5: forward[0].topc: unknown key; did you mean 'topic'?",
                "10:11: forward[1].name: duplicate target name \"k\" (first at line 6); give each target its own name",
                "11:11: forward[1].type: expected one of kafka, rabbitmq, nats, webhook, got \"webhok\";"
                        + " did you mean 'webhook'?",
                "14:10: forward[2].url: expected a URL starting with http:// or https://, got a value that is not shown"
                        + " here because it may be secret",
                "15:13: forward[2].secret: the signing secret is written in the file; give it by reference, e.g."
                        + " secret: ${env:WEBHOOK_SECRET} or ${file:/run/secrets/webhook}",
                "16:5: forward[2].exchange: does not apply to a webhook target; allowed: url, secret, signature-header",
                "17:5: forward[3].exchange: missing required key; name the exchange, e.g. exchange: sluice.changes",
                "20:5: forward[3].host: the uri already says where and as whom; give either uri or host, port, user,"
                        + " password and virtual-host");
    }

    private Path write(String yaml) throws IOException {
        Path file = folder.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
