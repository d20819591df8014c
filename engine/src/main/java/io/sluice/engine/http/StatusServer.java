package io.sluice.engine.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.config.HttpConfig;
import io.sluice.engine.metrics.PipelineMetrics;
import io.sluice.engine.pipeline.Pipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP server: health, Prometheus metrics, status JSON, the status page and the warehouse
 * browser behind it. Bound before the pipeline starts (a port in use stops {@code run} before any
 * capture), serving once the pipeline runs.
 *
 * <p>Every answer forbids inline script and any other origin (Content-Security-Policy), sniffing and
 * caching; the page builds its DOM with {@code textContent}, so warehouse data is never markup.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The page's files, served from the jar; nothing else is read from the classpath. */
    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/app.css", "app.css");

    private final HttpServer server;
    private final Access access;
    private final ExecutorService threads;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Pipeline pipeline;
    private volatile PipelineMetrics metrics;
    private volatile StatusReport report;
    private volatile WarehouseBrowser browser;
    private volatile WarehouseProbe probe;
    private volatile IngestEndpoint ingest;

    private StatusServer(HttpServer server, Access access) {
        this.server = server;
        this.access = access;
        // Ingest requests wait for their commit on these threads: enough for many concurrent clients,
        // whose requests the event source groups into one commit. Idle threads cost nothing until used.
        this.threads = Executors.newFixedThreadPool(64, runnable -> {
            Thread t = new Thread(runnable, "sluice-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /** Binds the address of {@code config}, refusing requests that {@link Access} refuses; not yet serving. */
    public static StatusServer bind(HttpConfig config) throws IOException {
        return bind(config, Access.of(config));
    }

    static StatusServer bind(HttpConfig config, Access access) throws IOException {
        // Without TCP_NODELAY a response's headers and body go out as two small segments, and the second waits
        // for the client's delayed ACK (40 ms on Linux): every ingest answer would pay it. Read once, at the
        // JDK server's first use; a value given on the command line wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        try {
            return new StatusServer(HttpServer.create(new InetSocketAddress(config.host(), config.port()), 50), access);
        } catch (BindException e) {
            throw new IOException("cannot serve on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                    + "); set http.port in the pipeline file to a free port, or 0 for any", e);
        }
    }

    /** Starts answering for {@code pipeline}; {@code metrics} feeds {@code /metrics}. */
    public void serve(Pipeline servedPipeline, PipelineMetrics servedMetrics) {
        this.probe = new WarehouseProbe(servedPipeline.warehouse());
        this.report = new StatusReport(servedPipeline, probe, json);
        this.browser = new WarehouseBrowser(servedPipeline.warehouse(), servedPipeline.dialect(),
                servedPipeline.warehouseSchema());
        this.metrics = servedMetrics;
        this.ingest = new IngestEndpoint(servedPipeline);
        this.pipeline = servedPipeline;
        server.start();
        LOG.info("Serving on {}", address());
    }

    /** Where it serves, e.g. {@code http://127.0.0.1:8470}. */
    public URI address() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = Map.of(
                    "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff",
                    "Referrer-Policy", "no-referrer",
                    "Cache-Control", "no-store",
                    "X-Frame-Options", "DENY");
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith(IngestEndpoint.PREFIX)) {
                // Ingest has its own token, the event source's, required from every client, local or not.
                ingest(exchange, path.substring(IngestEndpoint.PREFIX.length()));
                return;
            }
            if (!access.allows(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"sluice\", charset=\"UTF-8\"");
                sendJson(exchange, 401, Map.of("error", "this server needs its token: Authorization: Bearer TOKEN,"
                        + " or basic auth with the token as password"));
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendJson(exchange, 405, Map.of("error", "only GET and HEAD"));
                return;
            }
            try {
                route(exchange, exchange.getRequestURI().getPath(), query(exchange.getRequestURI()));
            } catch (HttpError e) {
                sendJson(exchange, e.status(), Map.of("error", e.getMessage()));
            } catch (SQLException e) {
                LOG.warn("A warehouse query for {} failed: {}", exchange.getRequestURI().getPath(), e.getMessage());
                sendJson(exchange, 502, Map.of("error", "the warehouse query failed: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Answering {} failed", exchange.getRequestURI().getPath(), e);
                sendJson(exchange, 500, Map.of("error", e.toString()));
            }
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException, SQLException {
        switch (path) {
            case "/health/live" -> send(exchange, 200, "text/plain; charset=utf-8", "live\n".getBytes(StandardCharsets.UTF_8));
            case "/health/ready" -> {
                Map<String, Object> readiness = report.readiness();
                sendJson(exchange, Boolean.TRUE.equals(readiness.get("ready")) ? 200 : 503, readiness);
            }
            case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
            case "/status" -> sendJson(exchange, 200, report.status());
            case "/api/feed" -> sendJson(exchange, 200, feed(integer(query, "after", 0)));
            case "/api/tables" -> sendJson(exchange, 200, Map.of("tables", browser.tables()));
            case "/api/rows" -> sendJson(exchange, 200, browser.rows(query.get("table"), query.get("sort"),
                    "desc".equals(query.get("dir")), integer(query, "page", 0), integer(query, "size", 50),
                    query.get("filter"), query.get("value")));
            case "/api/chart" -> {
                WarehouseBrowser.Aggregate aggregate = choice(WarehouseBrowser.Aggregate.class, query.get("agg"), "agg");
                String bucket = query.get("bucket");
                sendJson(exchange, 200, Map.of("bars", browser.chart(query.get("table"), query.get("group"),
                        bucket == null || bucket.isEmpty() ? null : choice(WarehouseBrowser.Bucket.class, bucket, "bucket"),
                        aggregate == null ? WarehouseBrowser.Aggregate.COUNT : aggregate, query.get("value"))));
            }
            default -> {
                String file = PAGE_FILES.get(path);
                if (file == null) {
                    throw HttpError.notFound("nothing at " + path);
                }
                sendResource(exchange, file);
            }
        }
    }

    private void ingest(HttpExchange exchange, String table) throws IOException {
        try {
            IngestEndpoint.Answer answer = ingest.handle(exchange, table);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            sendJson(exchange, answer.status(), answer.body());
        } catch (HttpError e) {
            sendJson(exchange, e.status(), Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("An ingest request failed", e); // the path is not logged: it is the client's text
            sendJson(exchange, 500, Map.of("error", e.toString()));
        }
    }

    /**
     * The live feed: the newest committed changes (numbered above {@code after}, newest first) as the
     * messages forwarding sends, and each forward target's state.
     */
    private Map<String, Object> feed(long after) throws IOException {
        java.util.List<Map<String, Object>> changes = new java.util.ArrayList<>();
        for (io.sluice.engine.forward.LiveFeed.Entry entry : pipeline.forwarding().feed().after(after)) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("number", entry.number());
            change.put("change", json.readTree(entry.payload()));
            changes.add(change);
        }
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("changes", changes);
        feed.put("forward", pipeline.forwarding().status(1_000)); // the page asks every second: count at most once
        return feed;
    }

    private void sendResource(HttpExchange exchange, String file) throws IOException {
        try (InputStream in = StatusServer.class.getResourceAsStream("page/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the status page file " + file);
            }
            String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                    : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            send(exchange, 200, type, in.readAllBytes());
        }
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static int integer(Map<String, String> query, String name, int absent) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("'" + name + "' must be a whole number");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw HttpError.badRequest("'" + name + "' must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        if (probe != null) {
            probe.close();
        }
    }
}
