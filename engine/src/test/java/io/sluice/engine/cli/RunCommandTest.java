package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.pipeline.Await;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Given {@code sluice run} on a pipeline file whose settings come from the environment, when it is
 * stopped with SIGTERM, then it exits 0 after committing; and when the source changes while it is
 * down, a second run picks the changes up without copying the table again. While it runs, it serves
 * where its log says.
 */
class RunCommandTest {

    private static final String PIPELINE = """
            pipeline: sigterm
            sources:
              - name: shop
                type: postgres
                host: ${env:PG_HOST}
                port: ${env:PG_PORT}
                user: ${env:PG_USER}
                password: ${env:PG_PASSWORD}
                database: ${env:PG_DATABASE}
                tables: [public.items]
            warehouse:
              type: postgres
              url: ${env:WH_URL}
              user: ${env:WH_USER}
              password: ${env:WH_PASSWORD}
            flush:
              max-age: 100ms
            http:
              port: 0
            """;

    private static final String SOURCE_SECRET = "src-Pa55-4711-never-shown";
    private static final String WAREHOUSE_SECRET = "wh-Pa55-0815-never-shown";

    @Test
    void sigtermStopsCleanlyAndARestartResumesWithoutGapOrSecondSnapshot() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            source.execute("CREATE TABLE items (id int PRIMARY KEY, label text)",
                    "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 200) g");
            Path file = Files.createTempFile("sigterm-", ".yaml");
            Files.writeString(file, PIPELINE);
            Map<String, String> environment = Map.of(
                    "PG_HOST", source.host(), "PG_PORT", Integer.toString(source.port()), "PG_USER", source.user(),
                    // The test servers trust local connections, so these passwords only need to stay secret.
                    "PG_PASSWORD", SOURCE_SECRET, "PG_DATABASE", source.name(),
                    "WH_URL", warehouse.jdbcUrl(), "WH_USER", warehouse.user(), "WH_PASSWORD", WAREHOUSE_SECRET);

            try (SluiceProcess first = SluiceProcess.start(environment, "run", file.toString())) {
                awaitRows(warehouse, "SELECT count(*) FROM items", 200L, first);
                source.execute("UPDATE items SET label = 'streamed' WHERE id = 1");
                awaitRows(warehouse, "SELECT count(*) FROM items WHERE label = 'streamed'", 1L, first);
                servesWhereItSays(first, false);

                assertThat(first.terminate(30)).as("exit code after SIGTERM; output:\n" + first.output()).isZero();
                assertThat(first.output()).doesNotContain(SOURCE_SECRET).doesNotContain(WAREHOUSE_SECRET);
                assertThat(first.output()).contains("Pipeline 'sigterm' stopped");
            }

            source.execute("INSERT INTO items VALUES (201, 'while down')", "DELETE FROM items WHERE id = 2",
                    "UPDATE items SET label = 'changed while down' WHERE id = 3");

            try (SluiceProcess second = SluiceProcess.start(environment, "run", file.toString(), "--log-format", "json")) {
                awaitRows(warehouse, "SELECT count(*) FROM items WHERE id = 201 OR label = 'changed while down'", 2L, second);
                servesWhereItSays(second, true);
                awaitRows(warehouse, "SELECT count(*) FROM items", 200L, second);
                assertThat(second.terminate(30)).isZero();
                assertThat(second.output()).contains("after 3 changes");
            }
            assertThat(warehouse.query("SELECT id, label FROM items WHERE id IN (1, 2, 3, 201) ORDER BY id"))
                    .containsExactly(List.of(1, "streamed"), List.of(3, "changed while down"), List.of(201, "while down"));
            Files.deleteIfExists(file);
        }
    }

    /**
     * The Contract: run logs "Serving on http://127.0.0.1:PORT"; there /health/ready, /metrics, /status and /
     * answer, and sluice status reads it. With --log-format json every log line is one JSON object.
     */
    private static void servesWhereItSays(SluiceProcess process, boolean jsonLogs) throws Exception {
        Pattern serving = Pattern.compile("Serving on (http://127\\.0\\.0\\.1:\\d+)");
        // JSON log lines escape '/' ("http:\\/\\/..."): read them as JSON to see the message.
        String messages = jsonLogs ? String.join("\n", process.output().lines().filter(line -> line.startsWith("{"))
                .map(RunCommandTest::messageOf).toList())
                : process.output();
        Matcher address = serving.matcher(messages);
        assertThat(address.find()).as("the log names the address; output:\n" + process.output()).isTrue();
        URI base = URI.create(address.group(1));
        HttpClient client = HttpClient.newHttpClient();
        Await.until("/health/ready 200", Duration.ofSeconds(30), () -> client.send(
                HttpRequest.newBuilder(base.resolve("/health/ready")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200);
        for (String path : List.of("/metrics", "/status", "/", "/api/tables")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain(SOURCE_SECRET).doesNotContain(WAREHOUSE_SECRET);
        }
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new SluiceCommand()).setOut(new PrintWriter(out))
                .execute("status", "--url", base.toString());
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("pipeline sigterm: READY").contains("source shop (postgres): running")
                .contains("public.items");
        if (jsonLogs) {
            ObjectMapper json = new ObjectMapper();
            List<String> logLines = process.output().lines().filter(line -> line.startsWith("{")).toList();
            assertThat(logLines).isNotEmpty().allSatisfy(line -> assertThat(json.readTree(line).has("formattedMessage")).isTrue());
            assertThat(logLines).anySatisfy(line -> assertThat(json.readTree(line).get("formattedMessage").asText())
                    .startsWith("Serving on http://127.0.0.1:"));
            assertThat(process.output().lines().filter(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")))
                    .as("no text log lines").isEmpty();
        }
    }

    private static String messageOf(String jsonLine) {
        try {
            return new ObjectMapper().readTree(jsonLine).path("formattedMessage").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JSON log line: " + jsonLine, e);
        }
    }

    private static void awaitRows(TestDatabase warehouse, String countSql, long expected, SluiceProcess process)
            throws Exception {
        try {
            Await.until(countSql + " = " + expected, Duration.ofSeconds(120), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("sluice exited early:\n" + process.output());
                }
                return ((Number) warehouse.query(countSql).get(0).get(0)).longValue() == expected;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsluice output:\n" + process.output(), e);
        }
    }
}
