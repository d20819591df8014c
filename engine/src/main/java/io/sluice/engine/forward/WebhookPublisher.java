package io.sluice.engine.forward;

import io.sluice.config.ForwardTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a batch as one JSON array to a webhook, signed: the signature header holds {@code sha256=} and
 * the lower-case hex HMAC-SHA-256 of the exact body under the target's secret, so the receiver can tell
 * the body came from this pipeline unaltered. Any 2xx answer confirms the whole batch.
 */
final class WebhookPublisher implements Publisher {

    private final ForwardTarget.Webhook target;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    WebhookPublisher(ForwardTarget.Webhook target) {
        this.target = target;
    }

    @Override
    public void publish(List<OutboxTable.Row> batch) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < batch.size(); i++) {
            body.append(i == 0 ? "" : ",").append(batch.get(i).payload());
        }
        byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(target.signatureHeader(), "sha256=" + signature(target.secret(), bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("the webhook answered HTTP " + response.statusCode());
        }
    }

    /** Lower-case hex HMAC-SHA-256 of {@code body} under {@code secret}. */
    static String signature(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
    }
}
