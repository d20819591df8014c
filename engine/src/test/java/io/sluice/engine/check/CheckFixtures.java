package io.sluice.engine.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.DeleteMode;
import io.sluice.config.FlushConfig;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SnapshotMode;
import io.sluice.config.SourceConfig;
import io.sluice.config.SourceType;
import io.sluice.config.WarehouseConfig;
import io.sluice.config.WarehouseType;
import io.sluice.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Pipelines to check, and ways to look at what the check found. */
final class CheckFixtures {

    private CheckFixtures() {
    }

    static SourceConfig source(String name, SourceType type, TestDatabase db, String user, String password,
            List<String> tables) {
        return source(name, type, db, user, password, tables, Map.of());
    }

    static SourceConfig source(String name, SourceType type, TestDatabase db, String user, String password,
            List<String> tables, Map<String, String> debezium) {
        return new SourceConfig(name, type, db.host(), db.port(), user, password,
                type == SourceType.POSTGRES ? db.name() : null, tables, SnapshotMode.INITIAL, null, null, debezium);
    }

    /** A DuckDB file in a fresh folder; the file itself does not exist yet. */
    static WarehouseConfig duckDb() {
        try {
            Path folder = Files.createTempDirectory("sluice-check-");
            folder.toFile().deleteOnExit();
            return duckDb(folder.resolve("warehouse.duckdb"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WarehouseConfig duckDb(Path file) {
        return new WarehouseConfig(WarehouseType.DUCKDB, file, null, null, null, null, DeleteMode.HARD,
                WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);
    }

    static WarehouseConfig postgresWarehouse(TestDatabase db, String user, String schema) {
        return new WarehouseConfig(WarehouseType.POSTGRES, null, db.jdbcUrl(), user, db.password(), schema,
                DeleteMode.HARD, WarehouseConfig.DEFAULT_TABLE_NAME_TEMPLATE);
    }

    static PipelineConfig pipeline(String name, WarehouseConfig warehouse, SourceConfig... sources) {
        return new PipelineConfig(name, List.of(sources), warehouse, FlushConfig.DEFAULTS, Path.of("pipeline.yaml"));
    }

    static CheckReport check(PipelineConfig config) {
        return PipelineCheck.run(config, PipelineCheck.DEFAULT_SLOT_LAG_WARN_BYTES);
    }

    static Section section(CheckReport report, String source) {
        return report.sections().stream()
                .filter(s -> source == null ? s.source() == null : source.equals(s.source()))
                .findFirst().orElseThrow(() -> new AssertionError("no section for " + source + " in\n" + text(report)));
    }

    /** The one check of that name; the whole report in the message when there is none. */
    static CheckResult result(CheckReport report, String source, String name) {
        return section(report, source).checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + name + "' for " + source + " in\n" + text(report)));
    }

    static List<String> names(Section section) {
        return section.checks().stream().map(CheckResult::name).toList();
    }

    /** The checks that did not pass, as "name: STATUS", for assertions that say exactly which. */
    static List<String> notPassed(Section section) {
        return section.checks().stream().filter(c -> c.status() != Status.PASS)
                .map(c -> c.name() + ": " + c.status()).toList();
    }

    static void assertAllPass(CheckReport report) {
        assertThat(report.sections().stream().flatMap(s -> s.checks().stream())
                .filter(c -> c.status() != Status.PASS).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.toList()))
                .as(text(report)).isEmpty();
    }

    static String text(CheckReport report) {
        java.io.StringWriter out = new java.io.StringWriter();
        TextReport.print(report, new java.io.PrintWriter(out));
        return out.toString();
    }

    /** Runs statements as the server's admin in its maintenance database (roles are server-wide). */
    static void asAdmin(String jdbcUrl, String user, String password, String... sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
