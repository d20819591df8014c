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

/** Given an event source in the pipeline file, its tables are declared with columns, types and key, and checked. */
class EventSourceConfigTest {

    private static final String WAREHOUSE = "warehouse: {type: duckdb, path: w.duckdb}\n";

    @TempDir
    Path folder;

    @Test
    void anHttpSourceDeclaresItsTablesAndNeedsNoDatabaseSource() throws IOException {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                sources:
                  - name: web
                    type: http
                    token: ${env:INGEST_TOKEN}
                    format: debezium
                    event-id-field: event_id
                    max-request-size: 1MB
                    tables:
                      - name: events
                        key: [id]
                        columns: {id: bigint, kind: text, amount: numeric}
                """ + WAREHOUSE), Map.of("INGEST_TOKEN", "s3cret-t0ken"));

        assertThat(config.sources()).isEmpty();
        EventSourceConfig web = config.eventSources().get(0);
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.token()).isEqualTo("s3cret-t0ken");
        assertThat(web.format()).isEqualTo(EventFormat.DEBEZIUM);
        assertThat(web.deleteField()).isEqualTo("__op");
        assertThat(web.eventIdField()).isEqualTo("event_id");
        assertThat(web.maxRequestBytes()).isEqualTo(1L << 20);
        assertThat(web.tables()).containsExactly(new EventTable("events", List.of("id"), Map.of(
                "id", EventColumnType.BIGINT, "kind", EventColumnType.TEXT, "amount", EventColumnType.NUMERIC)));
        assertThat(List.copyOf(web.tables().get(0).columns().keySet())).containsExactly("id", "kind", "amount");
        assertThat(web.toString()).doesNotContain("s3cret-t0ken");
        assertThat(web.dedupeWindow()).as("a week by default").isEqualTo(java.time.Duration.ofHours(168));
    }

    @Test
    void theDedupeWindowIsADurationOfAtLeastAMinute() throws IOException {
        String source = """
                pipeline: p
                sources:
                  - name: web
                    type: http
                    token: t
                    dedupe-window: %s
                    tables: [{name: events, key: [id], columns: {id: bigint}}]
                """;
        assertThat(PipelineLoader.load(write(source.formatted("36h") + WAREHOUSE), Map.of()).eventSources().get(0)
                .dedupeWindow()).isEqualTo(java.time.Duration.ofHours(36));
        assertThat(problems(loadFailure(write(source.formatted("30s") + WAREHOUSE), Map.of()))).containsExactly(
                "6:20: sources[0].dedupe-window: expected at least 1m: a retried or redelivered event must still meet"
                        + " its id, got \"30s\"; e.g. 168h");
    }

    @Test
    void mistakesAreReportedWhereTheyAreWithAFix() throws IOException {
        assertThat(problems(loadFailure(write("""
                pipeline: p
                sources:
                  - name: hook
                    type: http
                    formt: rows
                    token: t
                    tables:
                      - name: "events; drop table x"
                        key: [id]
                        columns: {id: bigint}
                      - name: orders
                        key: [order_id]
                        columns: {id: bigintt, "bad name": text, __op: text}
                """ + WAREHOUSE), Map.of()))).containsExactly(
                "5:5: sources[0].formt: unknown key; did you mean 'format'?",
                "8:15: sources[0].tables[0].name: expected letters, digits and '_', starting with a letter or '_', at most"
                        + " 63 characters, got \"events; drop table x\"; e.g. events",
                "12:14: sources[0].tables[1].key: \"order_id\" is not among the declared columns; declare it under columns",
                "13:23: sources[0].tables[1].columns.id: expected one of smallint, integer, bigint, real, double, numeric,"
                        + " boolean, text, date, timestamp, timestamptz, uuid, json, got \"bigintt\"; did you mean 'bigint'?",
                "13:32: sources[0].tables[1].columns.bad name: a column name must be letters, digits and '_', starting"
                        + " with a letter or '_', at most 63 characters",
                "13:50: sources[0].tables[1].columns.__op: is the delete-field; name the column otherwise or set delete-field");
    }

    @Test
    void aMistypedTypeSuggestsTheEventSourceToo() throws IOException {
        assertThat(problems(loadFailure(write("""
                pipeline: p
                sources:
                  - {name: web, type: htp, host: h, user: u, tables: [a.b]}
                """ + WAREHOUSE), Map.of()))).containsExactly(
                "3:23: sources[0].type: expected one of postgres, mariadb, mysql, http, kafka, rabbitmq, nats, got \"htp\"; did you mean 'http'?");
    }

    @Test
    void queueSourcesSayWhereEachTableIsRead() throws IOException {
        PipelineConfig config = PipelineLoader.load(write("""
                pipeline: p
                sources:
                  - name: stream
                    type: kafka
                    bootstrap-servers: k1:9092,k2:9092
                    format: debezium
                    tables:
                      - {name: orders, topic: shop.orders, key: [id], columns: {id: bigint}}
                  - name: jobs
                    type: rabbitmq
                    uri: ${env:AMQP_URI}
                    batch-size: 50
                    tables:
                      - {name: jobs, queue: jobs-in, key: [id], columns: {id: bigint}}
                  - name: ticks
                    type: nats
                    url: nats://n:4222
                    stream: TICKS
                    tables:
                      - {name: ticks, subject: ticks.in, key: [id], columns: {id: bigint}}
                """ + WAREHOUSE), Map.of("AMQP_URI", "amqp://u:pa55word@r:5672/v"));

        List<EventSourceConfig> sources = config.eventSources();
        assertThat(sources).extracting(EventSourceConfig::type)
                .containsExactly(EventSourceType.KAFKA, EventSourceType.RABBITMQ, EventSourceType.NATS);
        assertThat(sources.get(0).queue().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(sources.get(0).queue().batchSize()).isEqualTo(QueueConnection.DEFAULT_BATCH_SIZE);
        assertThat(sources.get(0).tables().get(0).from()).isEqualTo("shop.orders");
        assertThat(sources.get(1).queue().uri()).isEqualTo("amqp://u:pa55word@r:5672/v");
        assertThat(sources.get(1).queue().batchSize()).isEqualTo(50);
        assertThat(sources.get(1).toString()).doesNotContain("pa55word");
        assertThat(sources.get(1).tables().get(0).from()).isEqualTo("jobs-in");
        assertThat(sources.get(2).queue().stream()).isEqualTo("TICKS");
        assertThat(sources.get(2).queue().consumer()).isEqualTo("ticks");
        assertThat(sources.get(2).tables().get(0).from()).isEqualTo("ticks.in");
    }

    @Test
    void queueSourceMistakesAreReportedWhereTheyAre() throws IOException {
        assertThat(problems(loadFailure(write("""
                pipeline: p
                sources:
                  - name: stream
                    type: kafka
                    token: t
                    tables:
                      - {name: a, topic: t, key: [id], columns: {id: bigint}}
                      - {name: b, topic: t, key: [id], columns: {id: bigint}}
                  - name: jobs
                    type: rabbitmq
                    uri: http://r
                    host: r
                    tables:
                      - {name: c, topic: x, key: [id], columns: {id: bigint}}
                """ + WAREHOUSE), Map.of()))).containsExactly(
                "3:5: sources[0].bootstrap-servers: missing required key; give the brokers, e.g. bootstrap-servers:"
                        + " kafka-1:9092,kafka-2:9092",
                "5:5: sources[0].token: does not apply to a kafka source; allowed: bootstrap-servers, batch-size",
                "8:26: sources[0].tables[1].topic: another table of this source reads topic \"t\"; each table its own topic",
                "11:10: sources[1].uri: expected a URL starting with amqp:// or amqps://, got a value that is not shown"
                        + " here because it may be secret",
                "14:9: sources[1].tables[0].queue: missing required key; say where the table's messages are, e.g. queue:"
                        + " orders",
                "14:19: sources[1].tables[0].topic: does not apply to a table of a rabbitmq source; it reads from 'queue'");
    }

    private Path write(String yaml) throws IOException {
        Path file = folder.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
