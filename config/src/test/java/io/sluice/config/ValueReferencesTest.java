package io.sluice.config;

import static io.sluice.config.Fixtures.ENVIRONMENT;
import static io.sluice.config.Fixtures.loadFailure;
import static io.sluice.config.Fixtures.pipeline;
import static io.sluice.config.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ${env:NAME} and ${file:PATH} keep secrets out of the pipeline file, and out of what Sluice prints. */
class ValueReferencesTest {

    @Test
    void referencesResolveAsWholeValuesAndInsideText() {
        PipelineConfig config = PipelineLoader.load(pipeline("full.yaml"), ENVIRONMENT);

        SourceConfig shop = config.sources().get(0);
        assertThat(shop.host()).isEqualTo("pg.internal");
        assertThat(shop.port()).as("an int from an env var").isEqualTo(6543);
        assertThat(shop.password()).isEqualTo("Sup3r-S3cret-pg");
        assertThat(config.warehouse().url()).isEqualTo("jdbc:postgresql://wh.internal:5432/analytics");
        assertThat(config.warehouse().tableNameTemplate())
                .as("table-name placeholders are not references")
                .isEqualTo("${source}_${table}");
    }

    @Test
    void aRelativeFileReferenceStartsAtThePipelineFolderAndLosesItsTrailingNewline() {
        PipelineConfig config = PipelineLoader.load(pipeline("full.yaml"), ENVIRONMENT);

        assertThat(config.sources().get(1).password()).isEqualTo("crm-s3cret-from-file");
    }

    @Test
    void anAbsoluteFileReferenceIsRead(@TempDir Path folder) throws IOException {
        Path secret = Files.writeString(folder.resolve("password"), "from-absolute-file\r\n");
        ValueResolver resolver = new ValueResolver(Map.of(), Path.of("/elsewhere"));

        assertThat(resolver.resolve("${file:" + secret + "}", problem -> { })).isEqualTo("from-absolute-file");
    }

    @Test
    void aMissingEnvironmentVariableIsNamedAtTheValueThatUsesIt() {
        ConfigException failure = loadFailure(pipeline("errors/missing-env.yaml"), Map.of());

        assertThat(problems(failure)).containsExactly(
                "5:11: sources[0].host: environment variable PG_HOST is not set; set it, or replace ${env:PG_HOST} with a value",
                "7:15: sources[0].password: environment variable PG_PASSWORD is not set; set it, or replace"
                        + " ${env:PG_PASSWORD} with a value",
                "12:8: warehouse.url: environment variable WH_HOST is not set; set it, or replace ${env:WH_HOST} with a value",
                "13:13: warehouse.password: cannot read ${file:secrets/no-such-file.txt}: "
                        + pipeline("errors/missing-env.yaml").getParent().resolve("secrets/no-such-file.txt")
                        + " does not exist; create it or fix the path",
                "14:15: warehouse.table-name: \"${env:PREFIX_${table}\" does not name an environment variable"
                        + " (letters, digits and '_'); check the braces, e.g. ${env:PG_HOST}");
    }

    @Test
    void anUnterminatedReferenceIsReported() {
        List<String> problems = new ArrayList<>();

        String value = new ValueResolver(Map.of("H", "x"), Path.of(".")).resolve("jdbc:${env:H", problems::add);

        assertThat(value).isNull();
        assertThat(problems).containsExactly("unterminated reference \"${env:...\"; close it with '}'");
    }

    @Test
    void secretsNeverAppearInToStringNorInErrors() {
        PipelineConfig config = PipelineLoader.load(pipeline("full.yaml"), ENVIRONMENT);
        ConfigException failure = loadFailure(pipeline("errors/secrets-misplaced.yaml"), ENVIRONMENT);

        assertThat(config.toString())
                .doesNotContain("Sup3r-S3cret-pg", "Sup3r-S3cret-wh", "crm-s3cret-from-file")
                .contains("password=****");
        assertThat(failure.getMessage())
                .doesNotContain("Sup3r-S3cret-pg", "crm-s3cret-from-file", "Literal-S3cret");
        assertThat(problems(failure)).containsExactly(
                "6:11: sources[0].port: expected an integer 1..65535, got \"${env:PG_PASSWORD}\" (its resolved value is"
                        + " not shown)",
                "11:15: sources[0].snapshot: expected one of initial, no_data, when_needed, got"
                        + " \"${file:../secrets/crm-password.txt}\" (its resolved value is not shown)",
                "14:8: warehouse.url: expected a JDBC URL starting with \"jdbc:postgresql:\", got a value that is not"
                        + " shown here because it may be secret; e.g. jdbc:postgresql://warehouse:5432/analytics");
    }

    @Test
    void aPasswordInsideAJdbcUrlIsMaskedInToString() {
        WarehouseConfig warehouse = new WarehouseConfig(WarehouseType.POSTGRES, null,
                "jdbc:postgresql://loader:pw-one@wh/analytics?ssl=true&password=pw-two", null, null, null,
                DeleteMode.HARD, "${table}");

        assertThat(warehouse.toString()).doesNotContain("pw-one", "pw-two");
    }
}
