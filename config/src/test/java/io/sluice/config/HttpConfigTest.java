package io.sluice.config;

import static io.sluice.config.Fixtures.loadFailure;
import static io.sluice.config.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Given the pipeline file's {@code http} block, the engine serves where it says, and never openly to the network. */
class HttpConfigTest {

    private static final String BASE = """
            pipeline: p
            sources:
              - {name: s, type: postgres, host: h, user: u, database: d, tables: [public.t]}
            warehouse: {type: duckdb, path: w.duckdb}
            """;

    @TempDir
    Path folder;

    @Test
    void withoutAnHttpBlockTheEngineServesOnLoopbackAtTheDefaultPort() throws IOException {
        PipelineConfig config = PipelineLoader.load(write(BASE), Map.of());

        assertThat(config.http()).isEqualTo(new HttpConfig("127.0.0.1", 8470, null));
    }

    @Test
    void portZeroTakesAFreePortAndTheTokenComesFromAReference() throws IOException {
        PipelineConfig config = PipelineLoader.load(write(BASE + """
                http:
                  host: 0.0.0.0
                  port: 0
                  token: ${env:SLUICE_HTTP_TOKEN}
                """), Map.of("SLUICE_HTTP_TOKEN", "t0ken-s3cret"));

        assertThat(config.http()).isEqualTo(new HttpConfig("0.0.0.0", 0, "t0ken-s3cret"));
        assertThat(config.http().toString()).doesNotContain("t0ken-s3cret");
    }

    @Test
    void theIdleTimeoutIsADurationAboveZero() throws IOException {
        PipelineConfig config = PipelineLoader.load(write(BASE + "http: {idle-timeout: 2m}\n"), Map.of());
        assertThat(config.http().idleTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(PipelineLoader.load(write(BASE), Map.of()).http().idleTimeout())
                .isEqualTo(HttpConfig.DEFAULT_IDLE_TIMEOUT);

        assertThat(problems(loadFailure(write(BASE + "http: {idle-timeout: 0s}\n"), Map.of())))
                .containsExactly("5:22: http.idle-timeout: expected a duration above 0, got \"0s\"; e.g. 500ms");
    }

    @Test
    void aNonLoopbackHostWithoutATokenIsRefusedAtTheHost() throws IOException {
        assertThat(problems(loadFailure(write(BASE + """
                http:
                  host: 0.0.0.0
                  port: 70000
                  tokn: x
                """), Map.of()))).containsExactly(
                "6:9: http.host: \"0.0.0.0\" is reachable from other machines, so the server needs a token;"
                        + " add token: ${env:SLUICE_HTTP_TOKEN}, or bind host: 127.0.0.1",
                "7:9: http.port: expected an integer 0..65535, got \"70000\"",
                "8:3: http.tokn: unknown key; did you mean 'token'?");
    }

    @Test
    void aBadTokenValueIsNeverRepeated() throws IOException {
        assertThat(problems(loadFailure(write(BASE + "http: {token: \"  \"}\n"), Map.of())))
                .containsExactly("5:15: http.token: expected a value, got a value that is not shown here because it may be secret");
    }

    @Test
    void loopbackIsDecidedWithoutDns() {
        assertThat(HttpConfig.isLoopback("localhost")).isTrue();
        assertThat(HttpConfig.isLoopback("127.0.0.2")).isTrue();
        assertThat(HttpConfig.isLoopback("[::1]")).isTrue();
        assertThat(HttpConfig.isLoopback("0.0.0.0")).isFalse();
        assertThat(HttpConfig.isLoopback("status.internal")).isFalse();
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(folder.resolve("pipeline.yaml"), yaml);
    }
}
