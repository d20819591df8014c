package io.sluice.connector.change;

import java.util.Arrays;

/**
 * The primary-key values of one row, with value equality so that changes can be merged per key.
 * Values are the converted Java values (see {@code io.sluice.connector.type}); byte arrays compare
 * by content.
 */
public final class RowKey {

    private final Object[] values;
    private final int hash;

    public RowKey(Object[] values) {
        this.values = values;
        this.hash = Arrays.deepHashCode(values);
    }

    public Object[] values() {
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowKey that && hash == that.hash && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
