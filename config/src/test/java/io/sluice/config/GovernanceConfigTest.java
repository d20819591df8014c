package io.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code governance} list: rules in file order, settings handed on as text, secrets kept out of sight. */
class GovernanceConfigTest {

    private static final String HEAD = """
            pipeline: governed
            sources:
              - {name: shop, type: postgres, host: h, user: u, database: d, tables: [public.customers]}
            warehouse: {type: duckdb, path: wh.duckdb}
            """;

    @Test
    void rulesBindInFileOrderWithTheirSettings(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("p.yaml"), HEAD + """
                governance:
                  - type: hash
                    tables: [public\\.customers]
                    columns: [email, phone]
                    key: ${env:HASH_KEY}
                  - type: partial
                    columns: card
                    keep.last: 4
                  - type: lineage
                """);

        PipelineConfig config = PipelineLoader.load(file, Map.of("HASH_KEY", "a-very-secret-hash-key"));

        assertThat(config.governance()).extracting(GovernanceRule::type).containsExactly("hash", "partial", "lineage");
        assertThat(config.governance().get(0).settings()).containsExactly(
                Map.entry("tables", "public\\.customers"), Map.entry("columns", "email,phone"),
                Map.entry("key", "a-very-secret-hash-key"));
        assertThat(config.governance().get(1).settings()).containsEntry("keep.last", "4");
        assertThat(config.governance().get(0).line()).isEqualTo(6);
        assertThat(config.toString()).doesNotContain("a-very-secret-hash-key");
    }

    @Test
    void anUnknownTypeIsReportedWithASuggestion(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("p.yaml"), HEAD + """
                governance:
                  - type: hsah
                    columns: [email]
                """);

        assertThatThrownBy(() -> PipelineLoader.load(file, Map.of()))
                .hasMessageContaining("p.yaml:6:11: governance[0].type: expected one of mask, hash, partial, columns,"
                        + " filter, quality, lineage")
                .hasMessageContaining("did you mean 'hash'?");
    }
}
