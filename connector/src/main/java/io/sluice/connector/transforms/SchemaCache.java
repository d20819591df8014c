package io.sluice.connector.transforms;

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

    /** The value for {@code schema}, computed by {@code compute} the first time it is asked for. */
    V get(Schema schema, Function<Schema, V> compute) {
        Hit<V> hit = last;
        if (hit != null && hit.schema() == schema) {
            return hit.value();
        }
        V value = values.get(schema);
        if (value == null) {
            value = compute.apply(schema);
            values.put(schema, value);
        }
        last = new Hit<>(schema, value);
        return value;
    }
}
