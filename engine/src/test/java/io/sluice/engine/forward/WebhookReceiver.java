package io.sluice.engine.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint for tests: verifies each POST's HMAC-SHA-256 signature itself (a bad one is a
 * 401 and counted), answers 500 to the first {@code failFirst} requests, then takes the messages.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String secret;
    private final String header;
    private final AtomicInteger failuresLeft;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger badSignatures = new AtomicInteger();
    final List<TestBrokers.Received> received = new CopyOnWriteArrayList<>();

    WebhookReceiver(String secret, String header, int failFirst) throws Exception {
        this(secret, header, failFirst, 0);
    }

    /** @param delayMillis how long each request takes, like a slow receiver */
    WebhookReceiver(String secret, String header, int failFirst, long delayMillis) throws Exception {
        this.secret = secret;
        this.header = header;
        this.failuresLeft = new AtomicInteger(failFirst);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                String signature = exchange.getRequestHeaders().getFirst(header);
                if (signature == null || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                        ("sha256=" + hmac(body)).getBytes(StandardCharsets.UTF_8))) {
                    badSignatures.incrementAndGet();
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                if (failuresLeft.getAndDecrement() > 0) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                for (JsonNode message : JSON.readTree(body)) {
                    received.add(new TestBrokers.Received(message.get("id").asText(), message.toString()));
                }
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                throw new java.io.IOException(e);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
