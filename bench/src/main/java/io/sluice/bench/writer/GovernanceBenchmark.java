package io.sluice.bench.writer;

import io.sluice.connector.transforms.Filter;
import io.sluice.connector.transforms.Hash;
import io.sluice.connector.transforms.Lineage;
import io.sluice.connector.transforms.Partial;
import io.sluice.connector.transforms.Quality;
import io.sluice.connector.transforms.TransformChain;
import io.sluice.testing.DatabaseServer;
import io.sluice.testing.TestDatabase;
import io.sluice.testing.TestDatabases;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The cost of governance: the same change events through Sluice's path into PostgreSQL, with no rules
 * and with a chain of five (filter, quality, hash, partial, lineage), alternating runs so machine noise
 * hits both alike; the best of each is compared. The chain runs as the engine runs it ({@link TransformChain}).
 */
public final class GovernanceBenchmark {

    private static final int FLUSH_ROWS = 10_000;
    private static final long FLUSH_BYTES = 16L << 20;

    /** Plain and governed throughput, best of the rounds. */
    public record Result(Throughput plain, Throughput governed) {
        public double overheadPercent() {
            return 100.0 * (plain.perSecond() - governed.perSecond()) / plain.perSecond();
        }
    }

    private GovernanceBenchmark() {
    }

    public static Result run(int events, int rounds, long seed, PrintStream out) throws Exception {
        DatabaseServer server = TestDatabases.postgres();
        Throughput bestPlain = null;
        Throughput bestGoverned = null;
        for (int round = 1; round <= rounds; round++) {
            Throughput plain = once(server, events, seed, UnaryOperator.identity());
            out.printf("  round %d  plain     %,d events in %6.2f s = %,10.0f events/s%n", round, plain.count(),
                    plain.seconds(), plain.perSecond());
            TransformChain<SinkRecord> chain = new TransformChain<>(chain());
            Throughput governed = once(server, events, seed, chain::apply);
            chain.close();
            out.printf("  round %d  governed  %,d events in %6.2f s = %,10.0f events/s%n", round, governed.count(),
                    governed.seconds(), governed.perSecond());
            bestPlain = bestPlain == null || plain.perSecond() > bestPlain.perSecond() ? plain : bestPlain;
            bestGoverned = bestGoverned == null || governed.perSecond() > bestGoverned.perSecond() ? governed : bestGoverned;
        }
        return new Result(bestPlain, bestGoverned);
    }

    private static Throughput once(DatabaseServer server, int events, long seed, UnaryOperator<SinkRecord> governance)
            throws Exception {
        try (TestDatabase database = server.createDatabase()) {
            return new SluiceRun(FLUSH_ROWS, FLUSH_BYTES, governance)
                    .run(database.jdbcUrl(), database.user(), database.password(), new ChangeRecords(seed, events))
                    .throughput();
        }
    }

    /** Five rules of the kinds a pipeline file holds, over the benchmark table's columns. */
    static List<Transformation<SinkRecord>> chain() {
        Filter<SinkRecord> filter = new Filter<>();
        filter.configure(Map.of("condition", "quantity >= 0 OR quantity IS NULL", "action", "keep"));
        Quality<SinkRecord> quality = new Quality<>();
        quality.configure(Map.of("rules", "price_range:range(price, 0, 100000000):tag"));
        Hash<SinkRecord> hash = new Hash<>();
        hash.configure(Map.of("columns", "code", "key", "benchmark-hash-key-0123456789"));
        Partial<SinkRecord> partial = new Partial<>();
        partial.configure(Map.of("columns", "name", "keep.first", "0", "keep.last", "2"));
        Lineage<SinkRecord> lineage = new Lineage<>();
        lineage.configure(Map.of("columns", "op,source_ts,position"));
        return List.of(filter, quality, hash, partial, lineage);
    }
}
