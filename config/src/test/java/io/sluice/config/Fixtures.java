package io.sluice.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The YAML fixtures under src/test/resources/pipelines, and a compact view of what loading them reports. */
final class Fixtures {

    /** The environment the fixtures' ${env:...} references expect. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "PG_HOST", "pg.internal",
            "PG_PORT", "6543",
            "PG_USER", "cdc",
            "PG_PASSWORD", "Sup3r-S3cret-pg",
            "PG_DATABASE", "shop",
            "WH_HOST", "wh.internal",
            "WH_PASSWORD", "Sup3r-S3cret-wh");

    private Fixtures() {
    }

    static Path pipeline(String name) {
        URL url = Fixtures.class.getResource("/pipelines/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture pipelines/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConfigException loadFailure(Path file, Map<String, String> environment) {
        return catchThrowableOfType(ConfigException.class, () -> PipelineLoader.load(file, environment));
    }

    /** Each error as "LINE:COL: key.path: message", the reported line without the file name. */
    static List<String> problems(String fixture) {
        return problems(loadFailure(pipeline(fixture), ENVIRONMENT));
    }

    static List<String> problems(ConfigException failure) {
        if (failure == null) {
            throw new AssertionError("expected the file to be rejected, but it loaded");
        }
        return failure.errors().stream()
                .map(e -> e.line() + ":" + e.column() + ": " + (e.keyPath().isEmpty() ? "" : e.keyPath() + ": ") + e.message())
                .toList();
    }
}
