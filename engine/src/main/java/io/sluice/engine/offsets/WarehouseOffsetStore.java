package io.sluice.engine.offsets;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * Debezium's offset storage in the standalone engine ({@code offset.storage}): reads the offsets the
 * warehouse has committed. Writing is a no-op, because every flush already wrote its offsets in the
 * same transaction as its rows; what the engine asks to store adds nothing to that.
 */
public final class WarehouseOffsetStore implements OffsetBackingStore {

    /** Engine property naming the {@link CommittedOffsets} this store reads. */
    public static final String ID_PROPERTY = "offset.storage.sluice.id";

    private CommittedOffsets offsets;

    @Override
    public void configure(WorkerConfig config) {
        Object id = config.originals().get(ID_PROPERTY);
        if (id == null) {
            throw new IllegalStateException(ID_PROPERTY + " is not set; the engine must name its committed offsets");
        }
        offsets = CommittedOffsets.lookup(id.toString());
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
        return CompletableFuture.completedFuture(offsets.get(keys));
    }

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        if (callback != null) {
            callback.onCompletion(null, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<Map<String, Object>> connectorPartitions(String connectorName) {
        return Set.of();
    }
}
