package io.sluice.engine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.config.Heartbeat;
import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import io.sluice.config.TableRules;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Given a source whose captured table is quiet while the server is busy elsewhere, when heartbeats with
 * an action query are configured, then the slot's confirmed position keeps moving, so the slot does not
 * pin WAL and fill the source's disk.
 */
class HeartbeatTest {

    @Test
    void theSlotMovesOnWhileTheCapturedTablesAreQuiet() throws Exception {
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             TestDatabase busy = TestDatabases.postgres().createDatabase();
             Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            source.execute("CREATE TABLE quiet (id int PRIMARY KEY)", "INSERT INTO quiet VALUES (1)",
                    "CREATE TABLE sluice_heartbeat (id int PRIMARY KEY, beat timestamptz)");
            busy.execute("CREATE TABLE noise (id serial PRIMARY KEY, payload text)");
            PipelineConfig base = Pipelines.postgresSource("beat", source,
                    List.of("public.quiet", "public.sluice_heartbeat"), warehouse.config());
            SourceConfig plain = base.sources().get(0);
            SourceConfig beating = new SourceConfig(plain.name(), plain.type(), plain.host(), plain.port(), plain.user(),
                    plain.password(), plain.database(), plain.tables(), plain.snapshot(), null, null, Map.of(),
                    TableRules.NONE, new Heartbeat(Duration.ofMillis(300), "INSERT INTO sluice_heartbeat VALUES (1, now())"
                            + " ON CONFLICT (id) DO UPDATE SET beat = now()"));
            String slot = plain.slotName("beat");

            try (Pipeline pipeline = Pipeline.start(new PipelineConfig("beat", List.of(beating), base.warehouse(),
                    base.flush(), null))) {
                Await.until("the snapshot", Duration.ofSeconds(60), () -> pipeline.stats().changes() >= 1);
                busy.execute("INSERT INTO noise (payload) SELECT repeat('x', 500) FROM generate_series(1, 20000)");
                String walAfterNoise = (String) busy.query("SELECT pg_current_wal_lsn()::text").get(0).get(0);

                Await.until("the slot to confirm past the other database's WAL", Duration.ofSeconds(60), () -> (Boolean)
                        source.query("SELECT confirmed_flush_lsn >= '" + walAfterNoise + "'::pg_lsn FROM pg_replication_slots"
                                + " WHERE slot_name = '" + slot + "'").get(0).get(0));
            }
            assertThat(source.query("SELECT count(*) FROM quiet").get(0).get(0)).isEqualTo(1L);
        }
    }
}
