package io.sluice.bench.writer;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The benchmark's changes to one table: a deterministic (seeded) sequence of inserts, updates and
 * deletes with the key reuse of a real table. About 70% of the changes insert (new keys, and now and
 * then a key deleted earlier), 20% update a live key (half of them one of a small hot set that is
 * updated over and over, half any live key), and 10% delete a live key; a key is never deleted twice
 * in a row. The same seed always gives the same sequence, so every run in a benchmark, and every
 * benchmark, sees the same changes.
 *
 * <p>Only keys and per-row seeds are generated here; {@link BenchTable} turns a row seed into values.
 */
final class ChangeStream {

    enum Op { INSERT, UPDATE, DELETE }

    /**
     * One change.
     *
     * @param rowSeed determines the row's values after the change; 0 for a delete
     */
    record Change(Op op, long id, long rowSeed) {
    }

    static final int INSERT_PERCENT = 70;
    static final int UPDATE_PERCENT = 20;
    /** Keys that take half of all updates, e.g. a few accounts or counters touched all day. */
    static final int HOT_KEYS = 200;
    static final int HOT_UPDATE_PERCENT = 50;
    /** Share of inserts that bring back a key deleted earlier. */
    static final int REINSERT_PERCENT = 3;

    private final SplittableRandom random;
    private final int events;
    private int emitted;

    // Live keys as a dense array with each key's position, so a random live key is O(1) to pick and remove.
    private final int[] live;
    private final int[] positionOf;
    private int liveCount;
    private final int[] deleted;
    private int deletedCount;
    private final int[] hot = new int[HOT_KEYS];
    private final BitSet isHot = new BitSet();
    private int hotCount;
    private int nextId = 1;

    ChangeStream(long seed, int events) {
        if (events <= 0) {
            throw new IllegalArgumentException("the number of events must be above 0, got " + events);
        }
        this.random = new SplittableRandom(seed);
        this.events = events;
        this.live = new int[events + 1];
        this.positionOf = new int[events + 2];
        this.deleted = new int[events + 1];
    }

    int events() {
        return events;
    }

    boolean hasNext() {
        return emitted < events;
    }

    Change next() {
        if (!hasNext()) {
            throw new IllegalStateException("all " + events + " changes were generated");
        }
        emitted++;
        int roll = random.nextInt(100);
        if (liveCount == 0 || roll < INSERT_PERCENT) {
            return insert();
        }
        if (roll < INSERT_PERCENT + UPDATE_PERCENT) {
            return update();
        }
        return delete();
    }

    private Change insert() {
        int id;
        if (deletedCount > 0 && random.nextInt(100) < REINSERT_PERCENT) {
            int index = random.nextInt(deletedCount);
            id = deleted[index];
            deleted[index] = deleted[--deletedCount];
        } else {
            id = nextId++;
        }
        positionOf[id] = liveCount;
        live[liveCount++] = id;
        if (hotCount < HOT_KEYS) {
            makeHot(hotCount++, id);
        }
        return new Change(Op.INSERT, id, rowSeed());
    }

    private Change update() {
        int id = hotCount > 0 && random.nextInt(100) < HOT_UPDATE_PERCENT
                ? hot[random.nextInt(hotCount)]
                : live[random.nextInt(liveCount)];
        return new Change(Op.UPDATE, id, rowSeed());
    }

    private Change delete() {
        int id = live[random.nextInt(liveCount)];
        int position = positionOf[id];
        int last = live[--liveCount];
        live[position] = last;
        positionOf[last] = position;
        deleted[deletedCount++] = id;
        if (isHot.get(id)) {
            replaceHot(id);
        }
        return new Change(Op.DELETE, id, 0);
    }

    /** A deleted hot key hands its place to another live key, so updates never hit a deleted key. */
    private void replaceHot(int id) {
        isHot.clear(id);
        for (int slot = 0; slot < hotCount; slot++) {
            if (hot[slot] == id) {
                if (liveCount == 0) {
                    hot[slot] = hot[--hotCount];
                    return;
                }
                int candidate = live[random.nextInt(liveCount)];
                if (isHot.get(candidate)) {
                    hot[slot] = hot[--hotCount]; // already hot: the set shrinks by one, refilled by inserts
                } else {
                    makeHot(slot, candidate);
                }
                return;
            }
        }
    }

    private void makeHot(int slot, int id) {
        hot[slot] = id;
        isHot.set(id);
    }

    private long rowSeed() {
        long seed = random.nextLong();
        return seed == 0 ? 1 : seed;
    }
}
