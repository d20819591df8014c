package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Given a pipeline file, when {@code sluice check} runs on it, then it prints a table or, with
 * {@code --json}, a document scripts can read, never a password, and exits 0 only when no check
 * failed (1 otherwise, 1 for warnings with {@code --strict}, 2 for an invalid file).
 */
class CheckCommandTest {

    private static final String MARIADB_PASSWORD = "Pa55-word-never-shown";

    @TempDir
    Path folder;

    /** What the command printed and returned. */
    private record Run(int exit, String out, String err) {
    }

    @Test
    void aReadyPipelinePrintsEveryCheckAndExitsZero() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase()) {
            pg.execute("CREATE TABLE items (id int PRIMARY KEY, label varchar(50))");
            Path file = pipelineFile("ready", postgresSource(pg, "public.items"));

            Run run = sluice("check", file.toString());

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines.get(0)).isEqualTo("source shop: postgres at 127.0.0.1:" + pg.port() + "/" + pg.name()
                    + " as postgres");
            // One column of names for the whole report, as wide as its longest name.
            assertThat(lines).contains("  PASS  wal_level" + " ".repeat(22) + "wal_level is logical",
                    "  PASS  primary key public.items" + " ".repeat(7) + "primary key (id)",
                    "  PASS  replica identity public.items  REPLICA IDENTITY DEFAULT; no TOASTable columns");
            assertThat(lines).anyMatch(l -> l.startsWith("warehouse: duckdb at " + file.getParent().resolve("wh.duckdb")));
            assertThat(lines.get(lines.size() - 1)).isEqualTo("PASS  14 checks: 14 passed, 0 warnings, 0 failed");
            assertThat(run.out()).doesNotContain("fix:");
        }
    }

    @Test
    void jsonListsEveryCheckOfEverySourceWithItsFixAndAFailureExitsOne() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase();
             TestDatabase maria = TestDatabases.mariadb().createDatabase()) {
            pg.execute("CREATE TABLE items (id int PRIMARY KEY)");
            maria.execute("CREATE TABLE orders (id INT PRIMARY KEY)");
            Path file = pipelineFile("json", postgresSource(pg, "public.items", "public.nope")
                    + mariadbSource(maria, maria.user(), maria.password(), maria.name() + ".orders"));

            Run run = sluice("check", file.toString(), "--json");

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            JsonNode root = new ObjectMapper().readTree(run.out());
            assertThat(root.get("pipeline").asText()).isEqualTo("json");
            assertThat(root.get("status").asText()).isEqualTo("FAIL");
            assertThat(root.get("counts").get("FAIL").asInt()).isEqualTo(1);
            List<String> sources = new ArrayList<>();
            for (JsonNode check : root.get("checks")) {
                assertThat(check.has("name") && check.has("status") && check.has("detail") && check.has("fix")
                        && check.has("source")).as(check.toString()).isTrue();
                assertThat(check.get("status").asText()).isIn("PASS", "WARN", "FAIL");
                assertThat(check.get("fix").isNull()).as(check.toString())
                        .isEqualTo(check.get("status").asText().equals("PASS"));
                sources.add(check.get("source").isNull() ? "(warehouse)" : check.get("source").asText());
            }
            assertThat(sources).containsSubsequence("shop", "app", "(warehouse)").doesNotContain("null");
            JsonNode missing = failures(root).get(0);
            assertThat(missing.toString()).isEqualTo(new ObjectMapper().createObjectNode()
                    .put("source", "shop").put("name", "table public.nope").put("status", "FAIL")
                    .put("detail", "public.nope does not exist in database " + pg.name())
                    .put("fix", "create it, or remove public.nope from sources[0].tables").toString());
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void warningsExitZeroUnlessStrict() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase()) {
            pg.execute("CREATE TABLE docs (id int PRIMARY KEY, body text)");
            Path file = pipelineFile("warn", postgresSource(pg, "public.docs"));

            Run lenient = sluice("check", file.toString());
            Run strict = sluice("check", "--strict", file.toString());

            assertThat(lenient.exit()).isZero();
            assertThat(strict.exit()).isEqualTo(1);
            assertThat(lenient.out()).contains("  WARN  replica identity public.docs  REPLICA IDENTITY DEFAULT and"
                            + " TOASTable columns body (text): ",
                    "        fix: ALTER TABLE public.docs REPLICA IDENTITY FULL;\n");
            assertThat(lenient.out().lines().reduce((a, b) -> b).orElseThrow())
                    .isEqualTo("WARN  14 checks: 13 passed, 1 warning, 0 failed");
        }
    }

    @Test
    void aSourceThatCannotBeReachedOrRefusesTheLoginFailsWithoutShowingThePassword() throws Exception {
        try (TestDatabase pg = TestDatabases.postgres().createDatabase();
             TestDatabase maria = TestDatabases.mariadb().createDatabase()) {
            pg.execute("CREATE TABLE items (id int PRIMARY KEY)");
            Path file = pipelineFile("login", postgresSource(pg, "public.items")
                    + mariadbSource(maria, "root", MARIADB_PASSWORD, maria.name() + ".orders")
                    + """
                      - name: gone
                        type: mariadb
                        host: 127.0.0.1
                        port: 1
                        user: sluice
                        password: '%s'
                        tables: [shop.orders]
                    """.formatted(MARIADB_PASSWORD));

            Run text = sluice("check", file.toString());
            Run json = sluice("check", "--json", file.toString());

            assertThat(text.exit()).isEqualTo(1);
            assertThat(text.out() + text.err() + json.out() + json.err()).doesNotContain(MARIADB_PASSWORD);
            assertThat(text.out()).contains("source app: mariadb at 127.0.0.1:" + maria.port() + " as root\n"
                    + "  FAIL  connection" + " ".repeat(21) + "cannot connect to 127.0.0.1:" + maria.port() + " as root: ")
                    .contains("Access denied for user 'root'")
                    .contains("        fix: check sources[1].user and .password; the account must exist for the host"
                            + " Sluice connects from\n")
                    .contains("  FAIL  connection" + " ".repeat(21) + "cannot connect to 127.0.0.1:1 as sluice: ")
                    .contains("        fix: check sources[2].host and .port; the server must listen on 127.0.0.1:1"
                            + " (bind-address and port in my.cnf) and no firewall may block it\n");
        }
    }

    @Test
    void anInvalidPipelineFileExitsTwoLikeRun() throws Exception {
        Path file = Path.of(CheckCommandTest.class.getResource("/broken/unknown-key.yaml").toURI());

        Run run = sluice("check", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown-key.yaml:8:5: sources[0].tabels: unknown key");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theHelpListsCheckAndItsExitCodes() {
        assertThat(sluice("--help").out()).contains("check");
        assertThat(sluice("check", "--help").out()).contains("--json", "--strict", "--slot-lag-warn",
                "0 no check failed (warnings allowed, unless --strict)");
    }

    private static List<JsonNode> failures(JsonNode root) {
        List<JsonNode> failures = new ArrayList<>();
        root.get("checks").forEach(c -> {
            if (c.get("status").asText().equals("FAIL")) {
                failures.add(c);
            }
        });
        return failures;
    }

    private static Run sluice(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SluiceCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String postgresSource(TestDatabase db, String... tables) {
        return """
                  - name: shop
                    type: postgres
                    host: %s
                    port: %d
                    user: %s
                    password: '%s'
                    database: %s
                    tables: [%s]
                """.formatted(db.host(), db.port(), db.user(), db.password(), db.name(), String.join(", ", tables));
    }

    private static String mariadbSource(TestDatabase db, String user, String password, String... tables) {
        return """
                  - name: app
                    type: mariadb
                    host: %s
                    port: %d
                    user: %s
                    password: '%s'
                    tables: [%s]
                """.formatted(db.host(), db.port(), user, password, String.join(", ", tables));
    }

    /** A pipeline file with these sources and a DuckDB warehouse next to it. */
    private Path pipelineFile(String name, String sources) throws Exception {
        Path file = folder.resolve("pipeline.yaml");
        Files.writeString(file, "pipeline: " + name + "\nsources:\n" + sources
                + "warehouse:\n  type: duckdb\n  path: wh.duckdb\n");
        return file;
    }
}
