package io.sluice.engine.offsets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offsets of one source that the warehouse holds: loaded from the {@link OffsetTable} at start and
 * advanced only after a flush that wrote them has committed. Debezium reads them through
 * {@link WarehouseOffsetStore} at start and after every commit (PostgreSQL confirms its slot from
 * them), so they are kept in memory rather than queried each time.
 *
 * <p>The engine creates its offset store by reflection, so stores find their {@code CommittedOffsets}
 * in a registry by id.
 */
public final class CommittedOffsets {

    private static final Registry<CommittedOffsets> REGISTRY = new Registry<>("committed offsets");

    private final Map<ByteBuffer, ByteBuffer> offsets = new ConcurrentHashMap<>();

    public CommittedOffsets(Map<String, String> committed) {
        advance(committed);
    }

    public static void register(String id, CommittedOffsets offsets) {
        REGISTRY.register(id, offsets);
    }

    public static void unregister(String id) {
        REGISTRY.unregister(id);
    }

    static CommittedOffsets lookup(String id) {
        return REGISTRY.lookup(id);
    }

    /** Records offsets (serialized partition key → serialized offset) that a committed flush wrote. */
    public void advance(Map<String, String> committed) {
        committed.forEach((key, value) -> offsets.put(bytes(key), bytes(value)));
    }

    /** Every offset held, as the offsets table stores it: serialized partition key → serialized offset. */
    public Map<String, String> asStored() {
        Map<String, String> stored = new java.util.TreeMap<>();
        offsets.forEach((key, value) -> stored.put(text(key), text(value)));
        return stored;
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
    }

    Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> found = new HashMap<>();
        for (ByteBuffer key : keys) {
            ByteBuffer value = offsets.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
