package io.sluice.bench.writer;

import java.util.ArrayList;
import java.util.List;

/**
 * What the table holds after all changes, computed in Java by replaying the change stream: for every
 * live key the seed of its last version. Also counts the mix of operations for the report.
 */
final class FinalState {

    private final long[] lastRowSeed;
    private final int rows;
    private final int inserts;
    private final int updates;
    private final int deletes;
    private final int reinserts;

    private FinalState(long[] lastRowSeed, int rows, int inserts, int updates, int deletes, int reinserts) {
        this.lastRowSeed = lastRowSeed;
        this.rows = rows;
        this.inserts = inserts;
        this.updates = updates;
        this.deletes = deletes;
        this.reinserts = reinserts;
    }

    static FinalState replay(long seed, int events) {
        ChangeStream stream = new ChangeStream(seed, events);
        long[] lastRowSeed = new long[events + 2];
        boolean[] everDeleted = new boolean[events + 2];
        int rows = 0;
        int inserts = 0;
        int updates = 0;
        int deletes = 0;
        int reinserts = 0;
        while (stream.hasNext()) {
            ChangeStream.Change change = stream.next();
            int id = (int) change.id();
            switch (change.op()) {
                case INSERT -> {
                    if (lastRowSeed[id] != 0) {
                        throw new IllegalStateException("change stream inserted live key " + id);
                    }
                    inserts++;
                    rows++;
                    reinserts += everDeleted[id] ? 1 : 0;
                    lastRowSeed[id] = change.rowSeed();
                }
                case UPDATE -> {
                    if (lastRowSeed[id] == 0) {
                        throw new IllegalStateException("change stream updated missing key " + id);
                    }
                    updates++;
                    lastRowSeed[id] = change.rowSeed();
                }
                case DELETE -> {
                    if (lastRowSeed[id] == 0) {
                        throw new IllegalStateException("change stream deleted missing key " + id);
                    }
                    deletes++;
                    rows--;
                    everDeleted[id] = true;
                    lastRowSeed[id] = 0;
                }
            }
        }
        return new FinalState(lastRowSeed, rows, inserts, updates, deletes, reinserts);
    }

    int rows() {
        return rows;
    }

    int inserts() {
        return inserts;
    }

    int updates() {
        return updates;
    }

    int deletes() {
        return deletes;
    }

    int reinserts() {
        return reinserts;
    }

    /** The final rows as Java values ({@link BenchTable#values}), ordered by id. */
    List<Object[]> materialize() {
        List<Object[]> result = new ArrayList<>(rows);
        for (int id = 0; id < lastRowSeed.length; id++) {
            if (lastRowSeed[id] != 0) {
                result.add(BenchTable.values(id, lastRowSeed[id]));
            }
        }
        return result;
    }
}
