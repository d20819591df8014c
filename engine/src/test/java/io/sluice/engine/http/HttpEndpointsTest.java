package io.sluice.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.config.HttpConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Await;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Pipelines;
import io.sluice.engine.pipeline.Warehouses;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Given a running pipeline (embedded PostgreSQL source into a PostgreSQL warehouse) served over HTTP,
 * the endpoints answer as operators and the status page need: health, Prometheus metrics that count
 * exactly the rows written, status JSON, and a warehouse browser that takes only catalog names and
 * bound values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEndpointsTest {

    private static final int ROWS = 120;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private TestDatabase source;
    private Warehouses.Warehouse warehouse;
    private Pipeline pipeline;
    private PipelineMetrics metrics;
    private StatusServer server;

    @BeforeAll
    void startPipelineAndServer() throws Exception {
        source = TestDatabases.postgres().createDatabase();
        source.execute("CREATE TABLE items (id int PRIMARY KEY, label text, category text, price numeric(10,2),"
                        + " created_at timestamptz)",
                "INSERT INTO items SELECT g, 'item ' || g, 'cat-' || (g % 4), g * 1.25,"
                        + " timestamptz '2024-01-01 00:00+00' + g * interval '5 hours' FROM generate_series(1, 100) g",
                "ANALYZE items"); // the statistics snapshot progress is measured against
        warehouse = Warehouses.create("postgres");
        PipelineConfig config = Pipelines.postgresSource("http_endpoints", source, List.of("public.items"),
                warehouse.config()).withHttp(new HttpConfig("127.0.0.1", 0, null));
        server = StatusServer.bind(config.http());
        metrics = new PipelineMetrics();
        pipeline = Pipeline.start(config, metrics);
        metrics.watch(pipeline.sources(), pipeline.stats());
        server.serve(pipeline, metrics);

        awaitWarehouseRows(100);
        source.execute("INSERT INTO items SELECT g, 'item ' || g, 'cat-' || (g % 4), g * 1.25,"
                + " timestamptz '2024-01-01 00:00+00' + g * interval '5 hours' FROM generate_series(101, " + ROWS + ") g");
        awaitWarehouseRows(ROWS);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void theLiveFeedServesTheNewestCommittedChangesNewestFirstAndOnlyWhatIsNew() throws Exception {
        HttpResponse<String> response = get("/api/feed");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
        JsonNode feed = json.readTree(response.body());
        JsonNode changes = feed.get("changes");
        assertThat(changes.size()).as("the feed keeps the last 50").isEqualTo(50);
        JsonNode newest = changes.get(0);
        assertThat(newest.get("change").get("table").asText()).isEqualTo("public.items");
        assertThat(newest.get("change").get("op").asText()).isEqualTo("upsert");
        assertThat(newest.get("change").get("key").get("id").asInt()).isEqualTo(ROWS);
        assertThat(newest.get("change").get("values").get("label").asText()).isEqualTo("item " + ROWS);
        assertThat(newest.get("change").get("id").asText()).hasSize(32);
        assertThat(feed.get("forward").size()).as("no forward targets in this pipeline").isZero();

        long newestNumber = newest.get("number").asLong();
        assertThat(json.readTree(get("/api/feed?after=" + newestNumber).body()).get("changes").size()).isZero();
        assertThat(json.readTree(get("/api/feed?after=" + (newestNumber - 3)).body()).get("changes").size()).isEqualTo(3);
        assertThat(get("/api/feed?after=x").statusCode()).isEqualTo(400);
    }

    @Test
    void healthIsLiveAndReadyOnceTheSourceRunsAndTheWarehouseAnswers() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        Await.until("/health/ready 200", Duration.ofSeconds(30), () -> get("/health/ready").statusCode() == 200);
        assertThat(json.readTree(get("/health/ready").body()).get("ready").asBoolean()).isTrue();
    }

    @Test
    void metricsParseAsPrometheusTextAndCountExactlyTheRowsWritten() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));

        PrometheusText metricsText = PrometheusText.parse(response.body());

        long inWarehouse = count("SELECT count(*) FROM items");
        assertThat(metricsText.sum("sluice_rows_written_total", Map.of("source", "src", "table", "public.items", "op", "upsert")))
                .isEqualTo((double) inWarehouse).isEqualTo(ROWS);
        assertThat(metricsText.sum("sluice_changes_captured_total", Map.of("table", "public.items"))).isEqualTo(ROWS);
        assertThat(metricsText.sum("sluice_changes_quarantined_total", Map.of("table", "public.items"))).isZero();
        assertThat(metricsText.sum("sluice_lag_seconds_count", Map.of("source", "src"))).isPositive();
        assertThat(metricsText.sum("sluice_source_up", Map.of("source", "src"))).isEqualTo(1.0);
        assertThat(metricsText.types()).containsEntry("sluice_flush_retries_total", "counter");
        assertThat(metricsText.sum("sluice_flush_retries_total", Map.of("source", "src"))).isZero();
        assertThat(metricsText.sum("sluice_snapshot_rows_total", Map.of("table", "public.items"))).isEqualTo(100);
        assertThat(metricsText.sum("sluice_snapshot_estimated_rows", Map.of("table", "public.items"))).isEqualTo(100);
        assertThat(metricsText.sum("sluice_snapshot_running", Map.of("source", "src"))).isZero();
        // The slot's retained WAL, read from the source: a number of bytes once the slot exists.
        assertThat(metricsText.sum("sluice_slot_retained_wal_bytes", Map.of("source", "src"))).isNotNaN()
                .isGreaterThanOrEqualTo(0);
        assertThat(metricsText.types()).containsEntry("sluice_flush_duration_seconds", "histogram")
                .containsEntry("sluice_flush_changes", "histogram")
                .containsEntry("sluice_lag_seconds", "histogram")
                .containsEntry("sluice_rows_written_total", "counter");
        assertThat(metricsText.names()).contains("jvm_memory_used_bytes", "jvm_threads_live_threads",
                "sluice_flush_duration_seconds_bucket", "sluice_flushes_total", "process_uptime_seconds");
    }

    @Test
    void theGrafanaDashboardUsesOnlyMetricsThatMetricsExposes() throws Exception {
        Path dashboard = Path.of(System.getProperty("basedir", ".")).resolve("../docs/grafana-dashboard.json");
        JsonNode root = json.readTree(Files.readString(dashboard));
        List<String> expressions = new ArrayList<>();
        root.findValues("expr").forEach(e -> expressions.add(e.asText()));
        assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThan(5);

        List<String> exposed = PrometheusText.parse(get("/metrics").body()).names();
        Matcher metric = Pattern.compile("\\b(sluice|jvm|process|system)_[a-z0-9_]+").matcher(String.join("\n", expressions));
        List<String> used = new ArrayList<>();
        while (metric.find()) {
            used.add(metric.group());
        }
        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(exposed).as("metric names /metrics exposes").contains(name));
    }

    @Test
    void statusSaysPerSourceStateOffsetsAndLagAndPerTableCounts() throws Exception {
        HttpResponse<String> response = get("/status");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = json.readTree(response.body());

        assertThat(status.get("pipeline").asText()).isEqualTo("http_endpoints");
        assertThat(status.at("/warehouse/reachable").asBoolean()).isTrue();
        assertThat(status.at("/totals/upserted").asLong()).isEqualTo(ROWS);
        JsonNode src = status.get("sources").get(0);
        assertThat(src.get("name").asText()).isEqualTo("src");
        assertThat(src.get("state").asText()).isEqualTo("running");
        assertThat(src.get("lag_ms").asLong()).isNotNegative();
        assertThat(src.get("offsets")).isNotEmpty();
        assertThat(src.get("offsets").get(0).at("/offset/lsn").asLong()).isPositive();
        JsonNode items = src.get("tables").get(0);
        assertThat(items.get("table").asText()).isEqualTo("public.items");
        assertThat(items.get("upserted").asLong()).isEqualTo(ROWS);
        assertThat(items.get("captured").asLong()).isEqualTo(ROWS);
        assertThat(items.get("snapshot_rows").asLong()).isEqualTo(100);
        assertThat(items.get("estimated_rows").asLong()).isEqualTo(100);
        assertThat(src.get("snapshot").asText()).isEqualTo("completed");
        assertThat(status.get("quarantine")).isEmpty();
    }

    @Test
    void everyAnswerCarriesAStrictContentSecurityPolicyAndThePageIsServed() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"app.js\" defer></script>").doesNotContain("onclick");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                        + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/status").headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        // A path that climbs out is refused by the server before any handler sees it (Jetty: 400).
        HttpResponse<String> climbing = get("/../pom.xml");
        assertThat(climbing.statusCode()).isIn(400, 404);
        assertThat(climbing.body()).doesNotContain("<artifactId>").doesNotContain("Exception").contains("\"error\"");
        assertThat(climbing.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(get("/io/sluice/engine/http/StatusServer.class").statusCode()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(server.address().resolve("/status"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(405);
    }

    @Test
    void rowsArePagedSortedAndFilteredWithBoundValues() throws Exception {
        JsonNode tables = json.readTree(get("/api/tables").body()).get("tables");
        assertThat(tables.findValuesAsText("name")).contains("items", "_sluice_offsets");

        JsonNode page = json.readTree(get("/api/rows", Map.of("table", "items", "sort", "id", "dir", "desc", "size", "5",
                "page", "1")).body());
        assertThat(page.get("columns").toString()).isEqualTo("[\"id\",\"label\",\"category\",\"price\",\"created_at\"]");
        assertThat(page.get("total").asLong()).isEqualTo(ROWS);
        assertThat(ids(page)).containsExactly("115", "114", "113", "112", "111");

        assertThat(ids(json.readTree(get("/api/rows", Map.of("table", "items", "filter", "id", "value", "7")).body())))
                .containsExactly("7");
        JsonNode injected = json.readTree(get("/api/rows", Map.of("table", "items", "filter", "label",
                "value", "x' OR '1'='1")).body());
        assertThat(injected.get("total").asLong()).as("the value is bound, never SQL").isZero();
        assertThat(ids(json.readTree(get("/api/rows", Map.of("table", "items", "filter", "label",
                "value", "item 42")).body()))).containsExactly("42");
    }

    @Test
    void unknownTablesAndColumnsAndBadChoicesAreRefused() throws Exception {
        assertThat(get("/api/rows", Map.of("table", "nope")).statusCode()).isEqualTo(404);
        assertThat(get("/api/rows", Map.of("table", "items; DROP TABLE items")).statusCode()).isEqualTo(404);
        assertThat(get("/api/rows", Map.of("table", "ITEMS")).statusCode()).as("names as the catalog spells them").isEqualTo(404);
        HttpResponse<String> badSort = get("/api/rows", Map.of("table", "items", "sort", "id DESC; --"));
        assertThat(badSort.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badSort.body()).get("error").asText()).contains("has no column \"id DESC; --\"");
        assertThat(get("/api/rows", Map.of("table", "items", "filter", "secret", "value", "1")).statusCode()).isEqualTo(400);
        assertThat(get("/api/rows", Map.of("table", "items", "size", "100000")).statusCode()).isEqualTo(400);
        assertThat(get("/api/chart", Map.of("table", "nope", "group", "id")).statusCode()).isEqualTo(404);
        assertThat(get("/api/chart", Map.of("table", "items", "group", "count(*)")).statusCode()).isEqualTo(400);
        assertThat(get("/api/chart", Map.of("table", "items", "group", "category", "agg", "sum", "value", "label"))
                .statusCode()).as("sum of a text column").isEqualTo(400);
        assertThat(get("/api/chart", Map.of("table", "items", "group", "category", "agg", "stddev", "value", "price"))
                .statusCode()).isEqualTo(400);
        assertThat(get("/api/chart", Map.of("table", "items", "group", "label", "bucket", "day")).statusCode())
                .as("time buckets of a text column").isEqualTo(400);
        assertThat(get("/api/chart", Map.of("table", "items", "group", "created_at", "bucket", "fortnight")).statusCode())
                .isEqualTo(400);
        assertThat(count("SELECT count(*) FROM items")).isEqualTo(ROWS);
    }

    @Test
    void chartBarsAreTheWarehousesGroupBy() throws Exception {
        JsonNode counted = json.readTree(get("/api/chart", Map.of("table", "items", "group", "category")).body());
        assertThat(bars(counted)).isEqualTo(groupBy("SELECT category, count(*) FROM items GROUP BY 1 ORDER BY 1"));

        JsonNode summed = json.readTree(get("/api/chart", Map.of("table", "items", "group", "category", "agg", "sum",
                "value", "price")).body());
        assertThat(bars(summed)).isEqualTo(groupBy("SELECT category, sum(price) FROM items GROUP BY 1 ORDER BY 1"));

        JsonNode daily = json.readTree(get("/api/chart", Map.of("table", "items", "group", "created_at", "bucket", "day",
                "agg", "max", "value", "id")).body());
        assertThat(bars(daily)).hasSize(26)
                .isEqualTo(groupBy("SELECT date_trunc('day', created_at), max(id) FROM items GROUP BY 1 ORDER BY 1"));
    }

    @Test
    void aTokenIsRequiredFromAnotherMachineOrThroughAProxy() throws Exception {
        // Every client counts as another machine here; the real rule (loopback is local) is exercised below.
        try (StatusServer guarded = StatusServer.bind(new HttpConfig("127.0.0.1", 0, "s3cret-t0ken"),
                new Access("s3cret-t0ken", address -> false))) {
            guarded.serve(pipeline, metrics);
            URI status = guarded.address().resolve("/status");
            HttpResponse<String> refused = send(HttpRequest.newBuilder(status));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(refused.body()).doesNotContain("s3cret-t0ken");
            assertThat(send(HttpRequest.newBuilder(status).header("Authorization", "Bearer wrong")).statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(guarded.address().resolve("/metrics"))).statusCode()).isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(status).header("Authorization", "Bearer s3cret-t0ken")).statusCode())
                    .isEqualTo(200);
            String basic = Base64.getEncoder().encodeToString("ops:s3cret-t0ken".getBytes(StandardCharsets.UTF_8));
            assertThat(send(HttpRequest.newBuilder(status).header("Authorization", "Basic " + basic)).statusCode())
                    .isEqualTo(200);
        }
        try (StatusServer loopback = StatusServer.bind(new HttpConfig("127.0.0.1", 0, "s3cret-t0ken"))) {
            loopback.serve(pipeline, metrics);
            URI status = loopback.address().resolve("/status");
            assertThat(send(HttpRequest.newBuilder(status)).statusCode()).as("straight from this machine").isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(status).header("X-Forwarded-For", "203.0.113.7")).statusCode())
                    .as("relayed by a local proxy").isEqualTo(401);
            assertThat(send(HttpRequest.newBuilder(status).header("Forwarded", "for=203.0.113.7")).statusCode())
                    .isEqualTo(401);
        }
    }

    private List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("rows").forEach(row -> ids.add(row.get(0).asText()));
        return ids;
    }

    private static Map<String, String> bars(JsonNode chart) {
        Map<String, String> bars = new LinkedHashMap<>();
        chart.get("bars").forEach(bar -> bars.put(bar.get("label").asText(), bar.get("value").decimalValue().stripTrailingZeros()
                .toPlainString()));
        return bars;
    }

    private Map<String, String> groupBy(String sql) throws Exception {
        Map<String, String> groups = new LinkedHashMap<>();
        try (var connection = warehouse.connect(); var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                groups.put(String.valueOf(rs.getObject(1)), rs.getBigDecimal(2).stripTrailingZeros().toPlainString());
            }
        }
        return groups;
    }

    private long count(String sql) throws Exception {
        try (var connection = warehouse.connect(); var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitWarehouseRows(long expected) throws Exception {
        Await.until(expected + " rows in the warehouse", Duration.ofSeconds(90),
                () -> count("SELECT count(*) FROM items") == expected);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.address().resolve(path)));
    }

    private HttpResponse<String> get(String path, Map<String, String> query) throws Exception {
        StringBuilder uri = new StringBuilder(path).append('?');
        query.forEach((name, value) -> uri.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&'));
        return get(uri.toString());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
