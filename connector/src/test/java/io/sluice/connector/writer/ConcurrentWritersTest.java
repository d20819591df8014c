package io.sluice.connector.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.buffer.ReductionBuffer;
import io.sluice.connector.change.ChangeEventReader;
import io.sluice.connector.change.Envelopes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * Given several writers with changes of the same new table — Connect sink tasks sharing a table's
 * partitions — when they flush at the same moment, then each creates or finds the table, and no change
 * is quarantined because another writer's CREATE or ALTER won the race.
 */
class ConcurrentWritersTest {

    private static final int WRITERS = 3;
    private static final int TABLES = 8;

    @Test
    void writersRacingToCreateAndAlterOneTableAllSucceed() throws Exception {
        try (TestWarehouse warehouse = TestWarehouse.create("postgres")) {
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
            try {
                CyclicBarrier together = new CyclicBarrier(WRITERS);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writerIndex = w;
                    done.add(threads.submit(() -> {
                        WarehouseWriter writer = new WarehouseWriter(warehouse.dataSource, warehouse.dialect,
                                TableNaming.keepSourceNames(), new QuarantineTable(warehouse.dialect, null, "w" + writerIndex));
                        for (int t = 0; t < TABLES; t++) {
                            // Each round: a new table, then every writer adds the same new column to it.
                            for (boolean wider : new boolean[] {false, true}) {
                                SchemaBuilder row = SchemaBuilder.struct().name("src.public.t" + t + ".Value")
                                        .field("id", Schema.INT64_SCHEMA).field("label", Schema.OPTIONAL_STRING_SCHEMA);
                                if (wider) {
                                    row.field("extra", Schema.OPTIONAL_INT32_SCHEMA);
                                }
                                Envelopes table = new Envelopes("src", "public", "t" + t, row.optional().build());
                                ReductionBuffer buffer = new ReductionBuffer(100, 1 << 20);
                                long id = writerIndex * 10L + (wider ? 1 : 0);
                                Object[] values = wider ? new Object[] {id, "w", 1} : new Object[] {id, "w"};
                                new ChangeEventReader().read(table.insert(table.row(values)), buffer);
                                together.await();
                                writer.write(buffer.drain(), TransactionParticipant.NONE);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> each : done) {
                    each.get();
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(warehouse.query("SELECT count(*) FROM _sluice_quarantine").get(0).get(0)).isEqualTo(0L);
            for (int t = 0; t < TABLES; t++) {
                assertThat(warehouse.query("SELECT count(*) FROM t" + t).get(0).get(0)).isEqualTo(2L * WRITERS);
            }
        }
    }
}
