package io.sluice.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.sluice.config.FlushConfig;
import io.sluice.config.ForwardTarget;
import io.sluice.config.PipelineConfig;
import io.sluice.engine.pipeline.Await;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.Pipelines;
import io.sluice.engine.pipeline.Warehouses;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the outbox costs the warehouse, and how fast a target drains it: the same snapshot of
 * {@code sluice.forward.rows} rows (default 50,000) into a PostgreSQL warehouse, once without forwarding
 * and once forwarding to NATS JetStream. Prints {@code RESULT ...}. A measurement, not a suite test:
 * {@code ./mvnw -o -q test -pl testing,config,connector,engine -Dtest=ForwardingThroughputBenchmark
 * -Dsluice.forward.bench=true}.
 */
@EnabledIfSystemProperty(named = "sluice.forward.bench", matches = "true")
class ForwardingThroughputBenchmark {

    private static final int ROWS = Integer.getInteger("sluice.forward.rows", 50_000);

    @Test
    void snapshotWithAndWithoutForwarding() throws Exception {
        String name = "fwdbench" + System.nanoTime() % 100_000;
        String stream = name.toUpperCase();
        try (TestDatabase source = TestDatabases.postgres().createDatabase();
             Connection nats = TestBrokers.nats()) {
            source.execute("CREATE TABLE t (id int PRIMARY KEY, label text, amount numeric(12,2))",
                    "INSERT INTO t SELECT i, 'label ' || i, i * 0.5 FROM generate_series(1, " + ROWS + ") i");
            TestBrokers.createStream(nats, stream, name + ".t");
            double plain = snapshot(name + "_plain", source, List.of(), null);
            ForwardTarget target = new ForwardTarget.Nats("nats", List.of(), 500, TestBrokers.NATS_URL, stream, name + ".t");
            double[] forwarded = new double[1];
            double withOutbox = snapshot(name + "_fwd", source, List.of(target), forwarded);
            long inStream = nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
            assertThat(inStream).isEqualTo(ROWS);
            System.out.printf("RESULT rows=%d writer_rows_s=%.0f writer_rows_s_with_outbox=%.0f"
                    + " outbox_cost=%.2f forwarded_msgs_s=%.0f%n", ROWS, plain, withOutbox, plain / withOutbox, forwarded[0]);
        } finally {
            try (Connection nats = TestBrokers.nats()) {
                TestBrokers.deleteStream(nats, stream);
            }
        }
    }

    /**
     * Rows per second of the writer's transactions (rows, offsets and, with targets, the outbox: the flush
     * durations summed, so capture speed does not count); with targets, {@code forwarded[0]} = messages/s
     * from start to an empty outbox.
     */
    private static double snapshot(String name, TestDatabase source, List<ForwardTarget> targets, double[] forwarded)
            throws Exception {
        try (Warehouses.Warehouse warehouse = Warehouses.create("postgres")) {
            PipelineConfig base = Pipelines.postgresSource(name, source, List.of("public.t"), warehouse.config());
            PipelineConfig config = new PipelineConfig(base.name(), base.sources(), base.warehouse(),
                    new FlushConfig(5_000, 64L << 20, Duration.ofMillis(500)), null, List.of(), base.http(), List.of(), targets);
            long start = System.nanoTime();
            java.util.concurrent.atomic.AtomicLong writeNanos = new java.util.concurrent.atomic.AtomicLong();
            try (Pipeline pipeline = Pipeline.start(config, (s, captured, result, lag) -> writeNanos.addAndGet(result.nanos()))) {
                Await.until("all rows in the warehouse", Duration.ofMinutes(10), () -> pipeline.stats().changes() >= ROWS);
                double rowsPerSecond = ROWS / (writeNanos.get() / 1e9);
                if (forwarded != null) {
                    Await.until("the outbox empty", Duration.ofMinutes(10), () -> pipeline.forwarding().status().get(0)
                            .get("pending").equals(0L));
                    forwarded[0] = ROWS / ((System.nanoTime() - start) / 1e9);
                }
                return rowsPerSecond;
            }
        }
    }
}
