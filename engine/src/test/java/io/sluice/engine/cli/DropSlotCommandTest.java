package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Given a retired pipeline's slot and publication, {@code drop-slot} removes both, and says so. */
class DropSlotCommandTest {

    @Test
    void dropsTheSlotAndThePublication(@TempDir Path folder) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase()) {
            source.execute("CREATE TABLE t (id int PRIMARY KEY)",
                    "SELECT pg_create_logical_replication_slot('sluice_retired_" + source.name() + "', 'pgoutput')",
                    "CREATE PUBLICATION sluice_retired_" + source.name() + " FOR TABLE t");
            Path file = Files.writeString(folder.resolve("p.yaml"), """
                    pipeline: retired
                    sources:
                      - {name: %s, type: postgres, host: %s, port: %d, user: %s, password: %s, database: %s,
                         tables: [public.t]}
                    warehouse: {type: duckdb, path: wh.duckdb}
                    """.formatted(source.name(), source.host(), source.port(), source.user(), source.password(),
                    source.name()));
            StringWriter out = new StringWriter();

            int exit = new CommandLine(new SluiceCommand()).setOut(new PrintWriter(out)).execute("drop-slot", file.toString());

            assertThat(exit).isZero();
            assertThat(out.toString()).contains("dropped slot sluice_retired_" + source.name())
                    .contains("dropped publication sluice_retired_" + source.name());
            assertThat(source.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'sluice_retired_"
                    + source.name() + "'").get(0).get(0)).isEqualTo(0L);
            assertThat(source.query("SELECT count(*) FROM pg_publication").get(0).get(0)).isEqualTo(0L);
        }
    }
}
