package io.sluice.engine.offsets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands objects to the classes Debezium creates by reflection (offset store, schema history): the engine
 * registers an object under an id, passes the id in the engine's properties, and the created class
 * looks it up.
 */
final class Registry<T> {

    private final String what;
    private final Map<String, T> entries = new ConcurrentHashMap<>();

    Registry(String what) {
        this.what = what;
    }

    void register(String id, T entry) {
        entries.put(id, entry);
    }

    void unregister(String id) {
        entries.remove(id);
    }

    T lookup(String id) {
        T entry = id == null ? null : entries.get(id);
        if (entry == null) {
            throw new IllegalStateException("no " + what + " registered as '" + id + "'");
        }
        return entry;
    }
}
