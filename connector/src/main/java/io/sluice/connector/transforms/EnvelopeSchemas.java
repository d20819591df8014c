package io.sluice.connector.transforms;

import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Schema;

/**
 * Envelope schemas rebuilt around new row schemas, cached: Debezium reuses one schema per table
 * version, and so do the transforms, so each pair is built once.
 */
final class EnvelopeSchemas {

    /** Table versions to keep rebuilt envelope schemas for. */
    static final int CACHE_SIZE = 256;

    private final Cache<Pair, Schema> rebuilt = new SynchronizedCache<>(new LRUCache<>(CACHE_SIZE));
    // The last hit, checked first by identity: nearly every record hits it, and then costs neither a
    // lock nor a hash of the schemas.
    private volatile Rebuilt last;

    private record Pair(Schema envelopeSchema, Schema rowSchema) {
    }

    private record Rebuilt(Schema input, Schema rowSchema, Schema output) {
    }

    /** {@code envelopeSchema} with {@code rowSchema} as the schema of its row images. */
    Schema forRows(Schema envelopeSchema, Schema rowSchema) {
        Rebuilt hit = last;
        if (hit != null && hit.input() == envelopeSchema && hit.rowSchema() == rowSchema) {
            return hit.output();
        }
        Schema output;
        if (envelopeSchema.field(Envelope.AFTER).schema() == rowSchema) {
            output = envelopeSchema;
        } else {
            Pair key = new Pair(envelopeSchema, rowSchema);
            output = rebuilt.get(key);
            if (output == null) {
                output = Envelope.withRowSchema(envelopeSchema, rowSchema);
                rebuilt.put(key, output);
            }
        }
        last = new Rebuilt(envelopeSchema, rowSchema, output);
        return output;
    }
}
