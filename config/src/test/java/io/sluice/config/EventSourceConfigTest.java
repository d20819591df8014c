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
                "3:23: sources[0].type: expected one of postgres, mariadb, mysql, http, got \"htp\"; did you mean 'http'?");
    }

    private Path write(String yaml) throws IOException {
        Path file = folder.resolve("pipeline.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
