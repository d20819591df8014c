package io.sluice.connector.transforms;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Schema;

/**
 * What a transform worked out for a schema (a bound condition, a plan), kept per schema. The last hit is
 * checked first, by identity: a table's records share one schema instance, so nearly every record hits it
 * without the cache's lock and without {@code ConnectSchema.hashCode}, which walks every field. Thread-safe,
 * as transforms must be: the last hit is an immutable pair behind a volatile field.
 */
final class SchemaCache<V> {

    private final Cache<Schema, V> values;
    private volatile Hit<V> last;

    private record Hit<V>(Schema schema, V value) {
    }

    SchemaCache(int size) {
        this.values = new SynchronizedCache<>(new LRUCache<>(size));
    }

    /**
     * The value for {@code schema}, computed by {@code compute} the first time it is asked for. Hold
     * {@code compute} in a field: a lambda made at the call allocates once per record.
     */
    V get(Schema schema, Function<Schema, V> compute) {
        return get(schema, compute, (s, function) -> function.apply(s));
    }

    /** As {@link #get(Schema, Function)}, computing with {@code argument}, so {@code compute} need capture nothing. */
    <A> V get(Schema schema, A argument, BiFunction<Schema, A, V> compute) {
        Hit<V> hit = last;
        if (hit != null && hit.schema() == schema) {
            return hit.value();
        }
        V value = values.get(schema);
        if (value == null) {
            value = compute.apply(schema, argument);
            values.put(schema, value);
        }
        last = new Hit<>(schema, value);
        return value;
    }
}
