package io.sluice.bench.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark's change stream: the promised mix, real key reuse, and the same changes for the same seed. */
class ChangeStreamTest {

    private static final int EVENTS = 100_000;

    @Test
    void theSameSeedGivesTheSameChanges() {
        assertThat(changes(7, 10_000)).isEqualTo(changes(7, 10_000));
        assertThat(changes(7, 10_000)).isNotEqualTo(changes(8, 10_000));
    }

    @Test
    void seventyPercentInsertTwentyUpdateTenDelete() {
        FinalState state = FinalState.replay(42, EVENTS);
        assertThat(state.inserts()).isBetween(69_000, 71_000);
        assertThat(state.updates()).isBetween(19_000, 21_000);
        assertThat(state.deletes()).isBetween(9_000, 11_000);
        assertThat(state.rows()).isEqualTo(state.inserts() - state.deletes());
    }

    @Test
    void updatesAndDeletesOnlyHitLiveKeysAndDeletedKeysComeBack() {
        Set<Long> live = new HashSet<>();
        Map<Long, Integer> updatesPerKey = new HashMap<>();
        for (ChangeStream.Change change : changes(42, EVENTS)) {
            switch (change.op()) {
                case INSERT -> assertThat(live.add(change.id())).as("insert of live key %d", change.id()).isTrue();
                case UPDATE -> {
                    assertThat(live).as("update of key %d", change.id()).contains(change.id());
                    updatesPerKey.merge(change.id(), 1, Integer::sum);
                }
                case DELETE -> assertThat(live.remove(change.id())).as("delete of key %d", change.id()).isTrue();
            }
        }
        assertThat(FinalState.replay(42, EVENTS).reinserts()).isGreaterThan(1_000);
        // The hot set: some keys are updated far more often than a uniform choice would.
        assertThat(updatesPerKey.values().stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(20);
    }

    private static List<ChangeStream.Change> changes(long seed, int events) {
        ChangeStream stream = new ChangeStream(seed, events);
        List<ChangeStream.Change> changes = new ArrayList<>();
        while (stream.hasNext()) {
            changes.add(stream.next());
        }
        return changes;
    }
}
