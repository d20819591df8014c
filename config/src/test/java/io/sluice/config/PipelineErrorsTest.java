package io.sluice.config;

import static io.sluice.config.Fixtures.ENVIRONMENT;
import static io.sluice.config.Fixtures.loadFailure;
import static io.sluice.config.Fixtures.pipeline;
import static io.sluice.config.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given a broken pipeline file, the loader says where, what and how to fix it, for every problem at once. */
class PipelineErrorsTest {

    @Test
    void eachErrorIsOneLineNamingFileLineColumnAndKey() {
        Path file = pipeline("errors/wrong-values.yaml");

        ConfigException failure = loadFailure(file, ENVIRONMENT);

        assertThat(failure.getMessage().lines()).hasSize(10).contains(
                file + ":6:11: sources[0].port: expected an integer 1..65535, got \"abc\"");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path folder) {
        Path file = folder.resolve("nope.yaml");

        ConfigException failure = loadFailure(file, Map.of());

        assertThat(failure.getMessage()).isEqualTo(
                file + ": file: not found (looked for " + file.toAbsolutePath() + "); check the path");
    }

    @Test
    void aYamlSyntaxErrorIsPlacedWhereTheParserStopped() {
        assertThat(problems("errors/syntax.yaml")).containsExactly(
                "7:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that starts"
                        + " at line 5, column 11); fix the syntax here, checking indentation, ':' after keys and closing quotes");
    }

    @Test
    void anEmptyFileSaysWhatToWrite(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("empty.yaml"), "# nothing yet\n");

        assertThat(problems(loadFailure(file, Map.of()))).containsExactly(
                "0:0: the file is empty; start with 'pipeline:', 'sources:' and 'warehouse:' (see REFERENCE.md)");
    }

    @Test
    void anUnknownKeySuggestsTheClosestAllowedKeyOrListsThem() {
        assertThat(problems("errors/unknown-keys.yaml")).containsExactly(
                "3:5: sources[0].host: missing required key; give the database host, e.g. host: ${env:PG_HOST}",
                "5:5: sources[0].hots: unknown key; did you mean 'host'?",
                "12:3: warehouse.colour: unknown key; allowed here: type, path, url, user, password, schema,"
                        + " delete-mode, table-name, schema-changes");
    }

    @Test
    void wrongTypesAndValuesOutsideTheirRangeOrChoicesSayWhatWasExpected() {
        assertThat(problems("errors/wrong-values.yaml")).containsExactly(
                "4:11: sources[0].type: expected one of postgres, mariadb, mysql, http, kafka, rabbitmq, nats, got \"postgress\"; did you mean 'postgres'?",
                "6:11: sources[0].port: expected an integer 1..65535, got \"abc\"",
                "7:11: sources[0].user: expected a single value, got a list",
                "9:13: sources[0].tables: expected a list, got a single value; list the tables to capture as"
                        + " \"schema.table\", e.g. tables: [public.customers]",
                "10:15: sources[0].snapshot: expected one of initial, no_data, when_needed, got \"sometimes\"",
                "16:13: flush.max-rows: expected an integer of at least 1, got \"0\"",
                "17:14: flush.max-bytes: expected a size such as 16MB: a whole number and a unit B, KB, MB or GB, got \"16\"",
                "18:12: flush.max-age: expected a duration such as 500ms: a whole number and a unit ms, s, m or h,"
                        + " got \"1 week\"",
                "20:19: flush.retry.max-duration: expected a duration above 0, got \"0s\"; e.g. 500ms",
                "22:16: flush.retry.max-delay: the longest delay (1000 ms) is shorter than the first (5000 ms);"
                        + " make max-delay at least initial-delay");
    }

    @Test
    void aPortOutsideItsRangeIsRejected() {
        assertThat(problems("errors/port-out-of-range.yaml")).containsExactly(
                "6:11: sources[0].port: expected an integer 1..65535, got \"70000\"");
    }

    @Test
    void aMissingRequiredKeyIsReportedAtTheMappingThatShouldHoldIt() {
        assertThat(problems("errors/missing-required.yaml")).containsExactly(
                "3:5: sources[0].database: missing required key; give the database to capture from, e.g. database: shop",
                "3:5: sources[0].tables: missing required key; list the tables to capture as \"schema.table\","
                        + " e.g. tables: [public.customers]",
                "8:3: warehouse.url: missing required key; give the JDBC URL, e.g. url:"
                        + " jdbc:postgresql://warehouse:5432/analytics");
    }

    @Test
    void aPipelineWithoutSourcesIsRejected() {
        assertThat(problems("errors/missing-sources.yaml")).containsExactly(
                "1:1: sources: missing required key; list at least one source, e.g. - {name: shop, type: postgres, ...}");
    }

    @Test
    void anEmptySourceListIsRejected() {
        assertThat(problems("errors/empty-sources.yaml")).containsExactly(
                "2:10: sources: the list is empty; list at least one source, e.g. - {name: shop, type: postgres, ...}");
    }

    @Test
    void twoSourcesWithOneNameAreRejectedAtTheSecond() {
        assertThat(problems("errors/duplicate-sources.yaml")).containsExactly(
                "9:11: sources[1].name: duplicate source name \"shop\" (first at line 3); give each source its own name");
    }

    @Test
    void replicationKeysOnAMariadbSourceAndServerKeysOnDuckdbAreRejected() {
        assertThat(problems("errors/postgres-only-keys.yaml")).containsExactly(
                "8:5: sources[0].slot: applies to postgres sources only, this source is mariadb; remove it",
                "9:5: sources[0].publication: applies to postgres sources only, this source is mariadb; remove it",
                "13:3: warehouse.url: applies to postgres and mariadb warehouses only; remove it");
    }

    @Test
    void allProblemsOfAFileAreReportedTogetherInFileOrder() {
        assertThat(problems("errors/many.yaml")).containsExactly(
                "1:11: pipeline: expected a name of lower-case letters, digits, '_' and '-', starting with a letter"
                        + " or digit, got \"Shop Demo\"; e.g. shop-demo",
                "3:5: sources[0].tables: missing required key; list the tables to capture as \"schema.table\","
                        + " e.g. tables: [public.customers]",
                "6:11: sources[0].port: expected an integer 1..65535, got \"70000\"",
                "13:14: sources[1].tables[0]: expected a table as \"database.table\", got \"accounts\"; e.g. shop.customers",
                "15:3: warehouse.path: missing required key; give the DuckDB file, e.g. path: warehouse.duckdb",
                "16:16: warehouse.delete-mode: expected one of hard, soft, got \"gentle\"",
                "17:15: warehouse.table-name: expected a template with only the placeholders ${source}, ${schema} and"
                        + " ${table}, got \"${source}_${tabel}\"; ${tabel} is not one of them",
                "19:3: flush.max-rowz: unknown key; did you mean 'max-rows'?");
    }

    @Test
    void aDuplicateKeyIsReported(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("dup.yaml"), """
                pipeline: shop
                pipeline: shop2
                """);

        assertThat(problems(loadFailure(file, Map.of()))).contains(
                "2:1: pipeline: duplicate key (first at line 1); keep only one");
    }

    @Test
    void aDefaultSlotNameLongerThanPostgresAllowsIsRejected(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("long.yaml"), """
                pipeline: a-pipeline-with-a-rather-long-name
                sources:
                  - name: and-a-source-with-a-long-name-too
                    type: postgres
                    host: db
                    user: cdc
                    database: shop
                    tables: [public.customers]
                    publication: short_publication
                warehouse: {type: duckdb, path: x.duckdb}
                """);

        assertThat(problems(loadFailure(file, Map.of()))).containsExactly(
                "3:11: sources[0].name: the default slot name"
                        + " \"sluice_a_pipeline_with_a_rather_long_name_and_a_source_with_a_long_name_too\" is longer"
                        + " than 63 characters; set 'slot' explicitly or shorten the pipeline or source name");
    }
}
