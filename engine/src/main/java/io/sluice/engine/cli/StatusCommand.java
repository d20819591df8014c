package io.sluice.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice status}: what a running engine's {@code /status} says, for people or (with --json) scripts. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the status of a running 'sluice run': readiness, each source's state, lag and counts per table.",
        footer = {"", "The token, when the engine asks for one, comes from --token-file or the environment variable"
                + " SLUICE_HTTP_TOKEN (never from the command line, where other users could read it).",
                "", "Exit codes: 0 the engine is ready; 1 it is not ready or did not answer; 2 bad usage.",
                "", "Examples:", "  sluice status", "  sluice status --url http://10.0.0.5:8470 --token-file /run/secrets/sluice --json"})
final class StatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8470",
            description = "where the engine serves (default: ${DEFAULT-VALUE})")
    private URI url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the engine's http token")
    private Path tokenFile;

    @Option(names = "--json", description = "print /status as JSON")
    private boolean json;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/status")).timeout(Duration.ofSeconds(10));
        try {
            String token = tokenFile != null ? Files.readString(tokenFile).strip() : System.getenv("SLUICE_HTTP_TOKEN");
            if (token != null && !token.isEmpty()) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                err.println("ERROR: " + url + " needs its token: put it in SLUICE_HTTP_TOKEN or a file given with --token-file");
                return ExitCodes.FAILED;
            }
            if (response.statusCode() != 200) {
                err.println("ERROR: " + url + "/status answered " + response.statusCode() + ": " + response.body());
                return ExitCodes.FAILED;
            }
            ObjectMapper mapper = new ObjectMapper();
            JsonNode status = mapper.readTree(response.body());
            if (json) {
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(status));
            } else {
                print(status, out);
            }
            return status.path("ready").asBoolean() ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (IOException e) {
            err.println("ERROR: no answer from " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is 'sluice run' running and serving there?");
            return ExitCodes.FAILED;
        }
    }

    private static void print(JsonNode status, PrintWriter out) {
        JsonNode warehouse = status.path("warehouse");
        out.printf("pipeline %s: %s%n", status.path("pipeline").asText(), status.path("ready").asBoolean() ? "READY" : "NOT READY");
        out.printf("warehouse %s %s: %s%n", warehouse.path("type").asText(), warehouse.path("location").asText(),
                warehouse.path("reachable").asBoolean() ? "reachable" : "UNREACHABLE " + warehouse.path("problem").asText());
        JsonNode totals = status.path("totals");
        out.printf("changes %,d  upserted %,d  deleted %,d  quarantined %,d  flushes %,d  lag p50 %s  p99 %s%n",
                totals.path("changes").asLong(), totals.path("upserted").asLong(), totals.path("deleted").asLong(),
                totals.path("quarantined").asLong(), totals.path("flushes").asLong(),
                millis(totals.path("lag_p50_ms").asLong()), millis(totals.path("lag_p99_ms").asLong()));
        for (JsonNode source : status.path("sources")) {
            out.printf("%nsource %s (%s): %s, lag %s%n", source.path("name").asText(), source.path("type").asText(),
                    source.path("state").asText(), millis(source.path("lag_ms").asLong()));
            if (!source.path("error").isNull() && !source.path("error").isMissingNode()) {
                out.println("  error: " + source.path("error").asText());
            }
            out.printf("  %-40s %12s %12s %12s %12s%n", "table", "captured", "upserted", "deleted", "quarantined");
            for (JsonNode table : source.path("tables")) {
                out.printf("  %-40s %,12d %,12d %,12d %,12d%n", table.path("table").asText(), table.path("captured").asLong(),
                        table.path("upserted").asLong(), table.path("deleted").asLong(), table.path("quarantined").asLong());
            }
        }
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : ms + " ms";
    }
}
