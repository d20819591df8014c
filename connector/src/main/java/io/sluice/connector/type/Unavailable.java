package io.sluice.connector.type;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A column value the source did not send: PostgreSQL leaves unchanged TOASTed values out of the WAL
 * (under REPLICA IDENTITY DEFAULT) and Debezium sends a placeholder instead. The writer must keep the
 * warehouse's value for such a column, never overwrite it with the placeholder.
 */
public final class Unavailable {

    /** Stands in a converted row for a value the source did not send. */
    public static final Object VALUE = new Unavailable();

    /** Debezium's default {@code unavailable.value.placeholder}. */
    public static final String PLACEHOLDER = "__debezium_unavailable_value";
    private static final byte[] PLACEHOLDER_BYTES = PLACEHOLDER.getBytes(StandardCharsets.UTF_8);

    private Unavailable() {
    }

    /** True for Debezium's placeholder in any of the forms it takes: text, bytes, or a one-element list. */
    static boolean isPlaceholder(Object connectValue) {
        if (connectValue instanceof String text) {
            return text.equals(PLACEHOLDER);
        }
        if (connectValue instanceof byte[] bytes) {
            return Arrays.equals(bytes, PLACEHOLDER_BYTES);
        }
        if (connectValue instanceof java.nio.ByteBuffer buffer) {
            return buffer.remaining() == PLACEHOLDER_BYTES.length
                    && buffer.duplicate().equals(java.nio.ByteBuffer.wrap(PLACEHOLDER_BYTES));
        }
        return connectValue instanceof List<?> list && list.size() == 1 && PLACEHOLDER.equals(list.get(0));
    }

    @Override
    public String toString() {
        return "<unavailable>";
    }
}
