package io.sluice.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.PipelineConfig;
import io.sluice.config.PipelineLoader;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a source, the scan reads at most N rows per table (random pages of a large PostgreSQL table,
 * the first rows of a small one), looks only at the columns the pipeline captures, hashes what the
 * pipeline file makes a key, and passes over tables it cannot find.
 */
class ScanSamplingTest {

    @TempDir
    Path folder;

    @Test
    void aLargePostgresTableIsReadFromRandomPagesAndASmallOneWithLimit() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase()) {
            pg.execute("CREATE TABLE events (id bigserial PRIMARY KEY, email text, note text)",
                    "INSERT INTO events (email, note) SELECT 'user' || g || '@example.com', 'event ' || g"
                            + " FROM generate_series(1, 20000) g",
                    "CREATE TABLE tags (id int PRIMARY KEY, email text)",
                    "INSERT INTO tags SELECT g, 'tag' || g || '@example.com' FROM generate_series(1, 50) g",
                    "ANALYZE events", "ANALYZE tags");

            ScanReport report = PipelineScan.run(load(source(pg, "public.events, public.tags", "")), 100);

            assertThat(report.tables()).hasSize(2);
            ScanReport.Table events = report.tables().get(0);
            assertThat(events.rows()).isEqualTo(100);
            assertThat(events.sampling()).matches("TABLESAMPLE SYSTEM \\(\\d+(\\.\\d+)?\\)");
            assertThat(report.tables().get(1)).isEqualTo(new ScanReport.Table("src", "public.tags", 50, "LIMIT"));
            assertThat(report.findings()).extracting(Finding::column, Finding::kind, Finding::confidence, Finding::sampled)
                    .containsExactly(Tuple.tuple("email", Kind.EMAIL, Confidence.HIGH, 100),
                            Tuple.tuple("email", Kind.EMAIL, Confidence.HIGH, 50));
        }
    }

    @Test
    void excludedColumnsAreNotReadKeysAreHashedAndMissingTablesAreSkipped() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase()) {
            pg.execute("CREATE TABLE contacts (phone text, email text, ssn text)",
                    "INSERT INTO contacts VALUES ('+44 20 7946 0958', 'ann@example.com', '536-22-1234'),"
                            + " ('(212) 555-0187', 'bob@example.com', '477-98-1083')");

            ScanReport report = PipelineScan.run(load(source(pg, "public.contacts, public.nope", """
                        keys: {public.contacts: [phone]}
                        exclude-columns: [public\\.contacts\\.ssn]
                    """)), 1000);

            assertThat(report.findings()).extracting(Finding::column, Finding::kind, Finding::treatment)
                    .containsExactly(Tuple.tuple("phone", Kind.PHONE, Treatment.HASH),
                            Tuple.tuple("email", Kind.EMAIL, Treatment.HASH));
            assertThat(report.skipped()).containsExactly(new ScanReport.Skipped("src", "public.nope", "does not exist"));
            StringWriter text = new StringWriter();
            ScanTextReport.print(report, new PrintWriter(text));
            assertThat(text.toString()).startsWith("""
                    Sampled at most 1000 rows per table:
                      public.contacts  2 rows   LIMIT
                      public.nope      skipped  does not exist
                    """);
        }
    }

    @Test
    void aMariaDbTableNamedInAnotherCaseIsFoundAndReadWithLimit() throws Exception {
        try (TestDatabase maria = TestDatabases.mariadb().createDatabase()) {
            maria.execute("CREATE TABLE Clients (id INT PRIMARY KEY, email VARCHAR(50), card VARCHAR(19))",
                    "INSERT INTO Clients VALUES (1, 'ann@example.com', '4111111111111111'),"
                            + " (2, 'bob@example.com', '5500005555555559'), (3, 'cy@example.com', '340000000000009')");

            Path file = folder.resolve("maria.yaml");
            Files.writeString(file, """
                    pipeline: scan
                    sources:
                      - name: app
                        type: mariadb
                        host: %s
                        port: %d
                        user: %s
                        password: '%s'
                        tables: [%s.clients]
                    warehouse: {type: duckdb, path: wh.duckdb}
                    """.formatted(maria.host(), maria.port(), maria.user(), maria.password(), maria.name()));
            ScanReport report = PipelineScan.run(PipelineLoader.load(file, Map.of()), 2);

            assertThat(report.tables()).containsExactly(new ScanReport.Table("app", maria.name() + ".clients", 2, "LIMIT"));
            assertThat(report.findings()).extracting(Finding::column, Finding::kind, Finding::example, Finding::treatment)
                    .containsExactly(
                            Tuple.tuple("email", Kind.EMAIL, "a**@e******.com", Treatment.HASH),
                            Tuple.tuple("card", Kind.PAYMENT_CARD, "************1111",
                                    Treatment.PARTIAL));
        }
    }

    private PipelineConfig load(String sources) throws Exception {
        Path file = folder.resolve("pipeline.yaml");
        Files.writeString(file, "pipeline: scan\nsources:\n" + sources + "warehouse: {type: duckdb, path: wh.duckdb}\n");
        return PipelineLoader.load(file, Map.of());
    }

    private static String source(TestDatabase pg, String tables, String more) {
        return """
                  - name: src
                    type: postgres
                    host: %s
                    port: %d
                    user: %s
                    password: '%s'
                    database: %s
                    tables: [%s]
                """.formatted(pg.host(), pg.port(), pg.user(), pg.password(), pg.name(), tables) + more;
    }
}
