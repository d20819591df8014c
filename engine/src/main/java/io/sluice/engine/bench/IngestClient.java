package io.sluice.engine.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The ingest benchmark's load generator: one kept-alive HTTP/1.1 connection that POSTs a body and reads the
 * answer, and nothing more, as a load tool such as wrk does. The benchmark runs clients and engine in one JVM
 * on a small machine, so the client's own CPU is taken from the engine: the JDK's HttpClient spent about a
 * quarter of the JVM's CPU in the batched run, more than the decoding of the events it sent.
 * Not thread-safe: one per client thread.
 */
final class IngestClient implements Closeable {

    private final String host;
    private final int port;
    private final byte[] head;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    /** A client for POSTs to {@code target} (e.g. {@code http://127.0.0.1:8080/ingest/events}) with a bearer token. */
    IngestClient(URI target, String token) {
        this.host = target.getHost();
        this.port = target.getPort();
        this.head = ("POST " + target.getRawPath() + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Opens the connection, unless it is open: {@link #post} opens it when needed too. */
    void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 14);
        }
    }

    /** POSTs {@code body}; fails unless the answer is 200 (the events are committed). */
    void post(byte[] body) throws IOException {
        connect();
        out.write(head);
        out.write(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {'\r', '\n', '\r', '\n'});
        out.write(body);
        out.flush();
        String status = line();
        int length = -1;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("the answer to a POST has no Content-Length: " + status);
        }
        byte[] answer = in.readNBytes(length);
        if (close) {
            close();
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("ingest answered " + status + ": " + new String(answer, StandardCharsets.UTF_8));
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
