package io.sluice.connector.transforms;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Struct;

/**
 * Which tables a transform governs: the {@code tables} setting, regular expressions matched against
 * {@code schema.table} from the envelope's source block. No expressions means every table.
 */
final class TableSelector {

    static final TableSelector ALL = new TableSelector(List.of());

    /** Decisions per table name, so that the hot path matches no regular expression. */
    private final Cache<String, Boolean> decisions = new SynchronizedCache<>(new LRUCache<>(1024));
    private final List<Pattern> patterns;

    private TableSelector(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    static TableSelector of(String setting, List<String> regexes) {
        return regexes.isEmpty() ? ALL : new TableSelector(RegexList.compile(setting, regexes));
    }

    boolean includes(Struct envelope) {
        return patterns.isEmpty() || includes(Envelope.tableName(envelope));
    }

    /**
     * For records without a source block (tombstones): Debezium names topics
     * {@code <prefix>.<schema>.<table>}, so the table is what follows the first dot.
     */
    boolean includesTopic(String topic) {
        if (patterns.isEmpty()) {
            return true;
        }
        int dot = topic == null ? -1 : topic.indexOf('.');
        return dot >= 0 && includes(topic.substring(dot + 1));
    }

    private boolean includes(String table) {
        Boolean decision = decisions.get(table);
        if (decision == null) {
            decision = RegexList.matchesAny(patterns, table);
            decisions.put(table, decision);
        }
        return decision;
    }
}
