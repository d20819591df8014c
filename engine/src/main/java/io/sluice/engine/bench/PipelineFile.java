package io.sluice.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the pipeline file the harnesses run: one source, every table with history, a PostgreSQL warehouse. */
public final class PipelineFile {

    private PipelineFile() {
    }

    /**
     * @param flushYaml the {@code flush:} block's body, indented by two spaces, e.g. {@code "  max-age: 200ms\n"}
     */
    public static Path write(Path file, String pipeline, BenchDatabase source, List<String> tables, boolean history,
                             BenchDatabase warehouse, String flushYaml) throws IOException {
        return write(file, pipeline, source, tables, history, warehouse, flushYaml, "");
    }

    /**
     * @param moreYaml further top-level settings, appended as they are (e.g. {@code snapshot-threads: 0}, or a
     *                 {@code governance:} list); empty for none
     */
    public static Path write(Path file, String pipeline, BenchDatabase source, List<String> tables, boolean history,
                             BenchDatabase warehouse, String flushYaml, String moreYaml) throws IOException {
        List<String> qualified = tables.stream().map(source::qualified).toList();
        StringBuilder yaml = new StringBuilder()
                .append("pipeline: ").append(pipeline).append('\n')
                .append("sources:\n")
                .append("  - name: src\n")
                .append("    type: ").append(source.kind()).append('\n')
                .append("    host: ").append(source.host()).append('\n')
                .append("    port: ").append(source.port()).append('\n')
                .append("    user: ").append(quoted(source.user())).append('\n')
                .append("    password: ").append(quoted(source.password())).append('\n');
        if (source.isPostgres()) {
            yaml.append("    database: ").append(source.database()).append('\n');
        }
        yaml.append("    tables: [").append(String.join(", ", qualified)).append("]\n");
        if (history) {
            yaml.append("    history: [").append(String.join(", ", qualified)).append("]\n");
        }
        yaml.append("warehouse:\n")
                .append("  type: postgres\n")
                .append("  url: ").append(quoted(warehouse.jdbcUrl())).append('\n')
                .append("  user: ").append(quoted(warehouse.user())).append('\n')
                .append("  password: ").append(quoted(warehouse.password())).append('\n');
        if (!flushYaml.isEmpty()) {
            yaml.append("flush:\n").append(flushYaml);
        }
        yaml.append(moreYaml);
        // Any free port: several engines may run at once (the test suite runs classes in parallel).
        yaml.append("http:\n  port: 0\n");
        return Files.writeString(file, yaml);
    }

    private static String quoted(String value) {
        return "'" + (value == null ? "" : value.replace("'", "''")) + "'";
    }
}
