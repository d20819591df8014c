package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.pipeline.Await;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
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

/**
 * The contract of examples/http-to-postgres.yaml: with {@code sluice run} on it, a POST of a JSON array to
 * /ingest/events with the bearer token answers 2xx once the rows are in the warehouse table events; without
 * the token 401; a body that is not JSON 400; the same array again leaves the row count as it was.
 */
class HttpIngestExampleTest {

    private static final String TOKEN = "ingest-t0ken-never-shown";
    private static final String WAREHOUSE_SECRET = "wh-Pa55-never-shown";

    @Test
    void theExampleTakesEventsDurablyAndOnceByKey() throws Exception {
        Path example = Path.of(System.getProperty("basedir", "."), "..", "examples", "http-to-postgres.yaml");
        // The example serves on 8470; the test takes a free port so that it runs beside anything else.
        String text = Files.readString(example);
        assertThat(text).contains("port: 8470");
        Path file = Files.createTempFile("http-to-postgres-", ".yaml");
        Files.writeString(file, text.replace("port: 8470", "port: 0"));
        try (TestDatabase warehouse = TestDatabases.postgres().createDatabase();
             SluiceProcess run = SluiceProcess.start(Map.of("WH_URL", warehouse.jdbcUrl(), "WH_USER", warehouse.user(),
                     "WH_PASSWORD", WAREHOUSE_SECRET, "INGEST_TOKEN", TOKEN), "run", file.toString())) {
            URI base = address(run);
            HttpClient client = HttpClient.newHttpClient();
            String array = "[{\"id\": 1, \"kind\": \"click\", \"amount\": 12.50},"
                    + " {\"id\": 2, \"kind\": \"view\", \"amount\": 0},"
                    + " {\"id\": 3, \"kind\": \"purchase\", \"amount\": 99.99}]";

            HttpResponse<String> first = post(client, base, array, TOKEN);
            assertThat(first.statusCode()).as(first.body()).isBetween(200, 299);
            assertThat(warehouse.query("SELECT id, kind, amount::text FROM events ORDER BY id")).containsExactly(
                    List.of(1L, "click", "12.50"), List.of(2L, "view", "0"), List.of(3L, "purchase", "99.99"));

            assertThat(post(client, base, array, null).statusCode()).isEqualTo(401);
            assertThat(post(client, base, "this is not JSON", TOKEN).statusCode()).isEqualTo(400);
            HttpResponse<String> again = post(client, base, array, TOKEN);
            assertThat(again.statusCode()).isBetween(200, 299);
            assertThat(warehouse.query("SELECT count(*) FROM events")).containsExactly(List.of(3L));

            HttpResponse<String> status = client.send(HttpRequest.newBuilder(base.resolve("/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).contains("\"type\":\"http\"", "\"state\":\"running\"", "\"table\":\"events\"")
                    .doesNotContain(TOKEN);

            assertThat(run.terminate(30)).as(run.output()).isZero();
            assertThat(run.output()).doesNotContain(TOKEN).doesNotContain(WAREHOUSE_SECRET);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theExampleValidates() throws Exception {
        Path example = Path.of(System.getProperty("basedir", "."), "..", "examples", "http-to-postgres.yaml");
        try (SluiceProcess validate = SluiceProcess.start(Map.of("WH_URL", "jdbc:postgresql://wh/db", "WH_USER", "u",
                "WH_PASSWORD", WAREHOUSE_SECRET, "INGEST_TOKEN", TOKEN), "validate", example.toString())) {
            assertThat(validate.awaitExit(60)).as(validate.output()).isZero();
            assertThat(validate.output()).contains("pipeline 'http-events', 1 source(s) (web), 1 table(s)")
                    .doesNotContain(TOKEN);
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI base, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/ingest/events"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI address(SluiceProcess run) throws Exception {
        Pattern serving = Pattern.compile("Serving on (http://127\\.0\\.0\\.1:\\d+)");
        String[] found = new String[1];
        Await.until("the engine serves", Duration.ofSeconds(120), () -> {
            Matcher m = serving.matcher(run.output());
            if (m.find()) {
                found[0] = m.group(1);
                return true;
            }
            if (!run.isAlive()) {
                throw new AssertionError("sluice run exited; output:\n" + run.output());
            }
            return false;
        });
        return URI.create(found[0]);
    }
}
