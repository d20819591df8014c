package io.sluice.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a request body is read: arrays, NDJSON, exact numbers, and a key given twice refused with its place. */
class IngestBodyTest {

    @Test
    void anArrayAndNdjsonGiveTheSameItemsWithTheirLines() {
        List<IngestBody.Item> array = parse("[{\"id\":1,\"amount\":12.50},\n{\"id\":2,\"amount\":0.1}]");
        List<IngestBody.Item> lines = parse("{\"id\":1,\"amount\":12.50}\n{\"id\":2,\"amount\":0.1}\n");
        assertThat(array).extracting(item -> item.value().toString()).containsExactly(
                "{\"id\":1,\"amount\":12.50}", "{\"id\":2,\"amount\":0.1}");
        assertThat(lines).extracting(item -> item.value().toString())
                .isEqualTo(array.stream().map(item -> item.value().toString()).toList());
        assertThat(array).extracting(IngestBody.Item::line).containsExactly(1, 2);
        assertThat(lines).extracting(IngestBody.Item::line).containsExactly(1, 2);
        assertThat(array.get(0).value().get("amount").decimalValue()).isEqualTo(new BigDecimal("12.50"));
    }

    @Test
    void aKeyGivenTwiceInOneObjectIsA400NamingTheKeyAndTheLine() {
        for (String body : List.of("[{\"id\":1,\"kind\":\"a\"},\n{\"id\":2,\"kind\":\"a\",\"amount\":1,\"kind\":\"b\"}]",
                "{\"id\":1}\n{\"id\":2,\"kind\":\"a\",\"amount\":1,\"kind\":\"b\"}")) {
            assertThatThrownBy(() -> parse(body))
                    .isInstanceOfSatisfying(HttpError.class, error -> assertThat(error.status()).isEqualTo(400))
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("'kind'")
                    .hasMessageContaining("given twice")
                    .hasMessageNotContaining("DeserializationFeature");
        }
        // In a nested object too, and the same name at two levels is no duplicate.
        assertThat(parse("{\"id\":1,\"doc\":{\"id\":2}}")).hasSize(1);
        assertThatThrownBy(() -> parse("{\"id\":1,\"doc\":{\"a\":1,\"b\":2,\"a\":3}}"))
                .isInstanceOf(HttpError.class).hasMessageContaining("'a'").hasMessageContaining("given twice");
    }

    private static List<IngestBody.Item> parse(String body) {
        return IngestBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
