package io.sluice.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given {@code sluice run} capturing a source under a steady mixed load, when it is killed with SIGKILL
 * at random moments (during the snapshot and while streaming) and started again each time, then after
 * the load stops every table equals the source and the history tables hold each change exactly once.
 * The suite kills it 3 times; {@code -Dsluice.torture.kills=20} runs the full torture.
 */
class TortureTest {

    private static final int KILLS = Integer.getInteger("sluice.torture.kills", 3);

    @Test
    void postgresSourceSurvivesKillsWithNothingLostOrDoubled(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            assertExact(new Torture(TestBenchDatabases.of(source), TestBenchDatabases.of(warehouse), Torture.Options.of(KILLS), work, System.out).run());
        }
    }

    @Test
    void mariadbSourceSurvivesKillsWithNothingLostOrDoubled(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabases.mariadb().createDatabase();
             TestDatabase warehouse = TestDatabases.postgres().createDatabase()) {
            assertExact(new Torture(TestBenchDatabases.of(source), TestBenchDatabases.of(warehouse), Torture.Options.of(KILLS), work, System.out).run());
        }
    }

    private static void assertExact(Torture.Outcome outcome) {
        System.out.println(outcome.resultLine());
        assertThat(outcome.resultLine()).isEqualTo("RESULT kills=" + KILLS + " lost=0 duplicated=0 tables_equal=true");
        assertThat(outcome.killsDuringSnapshot()).as("kills that landed during the snapshot").isPositive();
        assertThat(outcome.lastExitCode()).as("exit code after SIGTERM").isZero();
    }
}
