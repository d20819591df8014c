package io.sluice.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.transforms.Hash;
import io.sluice.connector.transforms.Mask;
import io.sluice.connector.transforms.Partial;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Given findings, the governance block lists per table one entry per transform with its columns, in
 * the shape of the pipeline file's {@code governance:} section, leaves low-confidence findings to a
 * comment, and every entry configures the transform it names.
 */
class ScanGovernanceBlockTest {

    private static final String SECRET = "a-test-secret-of-32-characters!!";

    @Test
    void oneEntryPerTableAndTransformInTheShapeOfThePipelineFile() {
        List<Finding> findings = List.of(
                finding("shop", "public.customers", "email", Kind.EMAIL, Confidence.HIGH, Treatment.HASH),
                finding("shop", "public.customers", "card_number", Kind.PAYMENT_CARD, Confidence.HIGH, Treatment.PARTIAL),
                finding("shop", "public.customers", "first_name", Kind.PERSON_NAME, Confidence.HIGH, Treatment.MASK),
                finding("shop", "public.customers", "ssn", Kind.US_SSN, Confidence.MEDIUM, Treatment.HASH),
                finding("shop", "public.customers", "notes", Kind.EMAIL, Confidence.LOW, Treatment.HASH),
                finding("app", "app.people", "phone", Kind.PHONE, Confidence.HIGH, Treatment.PARTIAL));

        String block = GovernanceBlock.of(findings).orElseThrow();

        assertThat(block).isEqualTo("""
                # Suggested by sluice scan: review it, then paste it into the pipeline file.
                # hash needs SLUICE_HASH_KEY: a secret of at least 16 bytes; keep it, or every hash changes.
                # Left out, low confidence: public.customers.notes (email)
                governance:
                  - type: hash
                    tables: [public\\.customers]
                    columns: [email, ssn]
                    key: ${env:SLUICE_HASH_KEY}
                  - type: partial
                    tables: [public\\.customers]
                    columns: [card_number]
                    keep.first: 0
                    keep.last: 4
                  - type: mask
                    tables: [public\\.customers]
                    columns: [first_name]
                  - type: partial
                    tables: [app\\.people]
                    columns: [phone]
                    keep.first: 0
                    keep.last: 4
                """);
        List<Map<String, Object>> entries = governance(block);
        assertThat(entries).hasSize(4);
        assertPastesIntoAPipelineFile(block);
        assertThat(entries.get(0)).containsExactly(Map.entry("type", "hash"), Map.entry("tables", List.of("public\\.customers")),
                Map.entry("columns", List.of("email", "ssn")), Map.entry("key", "${env:SLUICE_HASH_KEY}"));
        assertThat(entries.get(1)).containsEntry("keep.last", 4);
        assertThat(Pattern.compile((String) ((List<?>) entries.get(0).get("tables")).get(0)).matcher("public.customers")
                .matches()).isTrue();
        assertThat(Pattern.compile((String) ((List<?>) entries.get(0).get("tables")).get(0)).matcher("public_customers")
                .matches()).isFalse();
    }

    @Test
    void everyEntryConfiguresTheTransformItNames() {
        String block = GovernanceBlock.of(List.of(
                finding("shop", "public.customers", "email", Kind.EMAIL, Confidence.HIGH, Treatment.HASH),
                finding("shop", "public.customers", "phone", Kind.PHONE, Confidence.HIGH, Treatment.PARTIAL),
                finding("shop", "public.customers", "birth_date", Kind.DATE_OF_BIRTH, Confidence.HIGH, Treatment.MASK)))
                .orElseThrow();

        for (Map<String, Object> entry : governance(block)) {
            Map<String, Object> settings = new HashMap<>(entry);
            String type = (String) settings.remove("type");
            settings.computeIfPresent("key", (k, v) -> v.equals(GovernanceBlock.HASH_KEY) ? SECRET : v);
            Transformation<SourceRecord> transform = switch (type) {
                case "hash" -> new Hash<>();
                case "partial" -> new Partial<>();
                case "mask" -> new Mask<>();
                default -> throw new AssertionError("unexpected type " + type);
            };
            transform.configure(settings); // throws Kafka's ConfigException for an unknown or invalid setting
            assertThat(transform.config().names()).containsAll(settings.keySet());
            transform.close();
        }
    }

    @Test
    void namesThatAreNotPlainYamlOrRegexAreEscapedAndQuoted() {
        String block = GovernanceBlock.of(List.of(
                finding("shop", "public.order$[2024]", "E-Mail, work", Kind.EMAIL, Confidence.HIGH, Treatment.HASH),
                finding("shop", "public.order$[2024]", "on", Kind.PERSON_NAME, Confidence.HIGH, Treatment.MASK),
                finding("shop", "public.order$[2024]", "it's", Kind.PERSON_NAME, Confidence.HIGH, Treatment.MASK)))
                .orElseThrow();

        assertThat(block).contains("    tables: ['public\\.order\\$\\[2024\\]']\n", "    columns: ['E-Mail, work']\n",
                "    columns: ['on', 'it''s']\n");
        List<Map<String, Object>> entries = governance(block);
        String regex = (String) ((List<?>) entries.get(0).get("tables")).get(0);
        assertThat(Pattern.compile(regex).matcher("public.order$[2024]").matches()).isTrue();
        assertThat(entries.get(0).get("columns")).isEqualTo(List.of("E-Mail, work"));
        assertThat(entries.get(1).get("columns")).isEqualTo(List.of("on", "it's"));
    }

    @Test
    void aTableOfTheSameNameInTwoSourcesIsGovernedOnceSoNothingIsHashedTwice() {
        String block = GovernanceBlock.of(List.of(
                finding("eu", "public.customers", "email", Kind.EMAIL, Confidence.HIGH, Treatment.HASH),
                finding("us", "public.customers", "email", Kind.EMAIL, Confidence.HIGH, Treatment.HASH),
                finding("us", "public.customers", "ssn", Kind.US_SSN, Confidence.HIGH, Treatment.HASH))).orElseThrow();

        assertThat(governance(block)).singleElement()
                .satisfies(entry -> assertThat(entry.get("columns")).isEqualTo(List.of("email", "ssn")));
    }

    @Test
    void nothingToGovernWhenEveryFindingIsLow() {
        assertThat(GovernanceBlock.of(List.of(
                finding("shop", "public.customers", "notes", Kind.EMAIL, Confidence.LOW, Treatment.HASH)))).isEmpty();
        assertThat(GovernanceBlock.of(List.of())).isEmpty();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> governance(String block) {
        Map<String, Object> document = new Yaml().load(block);
        assertThat(document).containsOnlyKeys("governance");
        return (List<Map<String, Object>>) document.get("governance");
    }

    private static Finding finding(String source, String table, String column, Kind kind, Confidence confidence,
                                   Treatment treatment) {
        return new Finding(source, table, column, kind, confidence, true, 1, 1, "*", treatment);
    }

    /** The block, pasted into a pipeline file, loads, and every rule's transform takes its settings. */
    private static void assertPastesIntoAPipelineFile(String block) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("scan-block-", ".yaml");
            java.nio.file.Files.writeString(file, """
                    pipeline: pasted
                    sources:
                      - {name: shop, type: postgres, host: h, user: u, database: d, tables: [public.customers]}
                    warehouse: {type: duckdb, path: wh.duckdb}
                    """ + block);
            io.sluice.config.PipelineConfig config = io.sluice.config.PipelineLoader.load(file,
                    Map.of("SLUICE_HASH_KEY", "a-key-of-at-least-16-bytes"));
            assertThat(config.governance()).hasSize(4);
            io.sluice.engine.governance.GovernanceChain.of(config.governance(), file).close();
            java.nio.file.Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
