package io.sluice.engine.events;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.engine.http.StatusServer;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A pipeline with an HTTP event source, run in this JVM and served on a free port, for tests. */
final class IngestServer implements AutoCloseable {

    static final String TOKEN = "t0ken-4711-never-shown";

    private final Pipeline pipeline;
    private final StatusServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    private IngestServer(Pipeline pipeline, StatusServer server) {
        this.pipeline = pipeline;
        this.server = server;
    }

    /** {@code sourceBlock} is the event source's keys after {@code type: http} and the token, indented by 4. */
    static IngestServer start(String pipelineName, TestDatabase warehouse, String sourceBlock) throws Exception {
        return start(pipelineName, warehouse, sourceBlock, "{port: 0}");
    }

    /** {@code httpBlock} is the pipeline file's {@code http:} value, e.g. {@code {port: 0, idle-timeout: 1s}}. */
    static IngestServer start(String pipelineName, TestDatabase warehouse, String sourceBlock, String httpBlock)
            throws Exception {
        Path file = Files.createTempFile("ingest-", ".yaml");
        Files.writeString(file, "pipeline: " + pipelineName + "\n"
                + "sources:\n  - name: web\n    type: http\n    token: ${env:INGEST_TOKEN}\n" + sourceBlock
                + "warehouse: {type: postgres, url: \"" + warehouse.jdbcUrl() + "\", user: " + warehouse.user() + "}\n"
                + "http: " + httpBlock + "\n");
        PipelineConfig config = PipelineLoader.load(file, Map.of("INGEST_TOKEN", TOKEN));
        Files.deleteIfExists(file);
        StatusServer server = StatusServer.bind(config.http());
        PipelineMetrics metrics = new PipelineMetrics();
        Pipeline pipeline = Pipeline.start(config, metrics);
        metrics.watch(pipeline.sources(), pipeline.stats());
        server.serve(pipeline, metrics);
        return new IngestServer(pipeline, server);
    }

    URI uri(String path) {
        return server.address().resolve(path);
    }

    HttpResponse<String> post(String table, String body) throws Exception {
        return post(table, body, TOKEN, null);
    }

    HttpResponse<String> post(String table, String body, String token, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/ingest/" + table))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        pipeline.close();
        server.close();
    }
}
