package io.sluice.connector.transforms;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Fills a struct the transforms (and the engine's event decoding) build without Connect's per-value
 * validation. {@link Struct#put} checks
 * every value against its schema, which made that check most of a governance chain's cost; the values
 * put here are already valid — copied from a validated struct of the same field schema, or made by a
 * transform as exactly its declared type — so checking them again proves nothing.
 *
 * <p>Should Connect's {@code Struct} ever lose its {@code values} array, this falls back to
 * {@code Struct.put} with its checks.
 */
public final class TrustedStruct {

    private static final VarHandle VALUES = valuesHandle();

    private TrustedStruct() {
    }

    public static void put(Struct struct, Field field, Object value) {
        if (VALUES == null) {
            struct.put(field, value);
            return;
        }
        Object[] values = (Object[]) VALUES.get(struct);
        values[field.index()] = value;
    }

    /**
     * Whether {@link #values} returns the struct's own array, which a struct's builder may then fill (true
     * but for a Connect whose {@code Struct} lost its {@code values} field).
     */
    public static boolean writable() {
        return VALUES != null;
    }

    /**
     * A struct's values by field index as they are held, nulls null (no schema default stands in): the
     * struct's own array, to be read, and written only by the code that built the struct and only when
     * {@link #writable}; a copy when the array cannot be had.
     */
    public static Object[] values(Struct struct) {
        if (VALUES != null) {
            return (Object[]) VALUES.get(struct);
        }
        List<Field> fields = struct.schema().fields();
        Object[] copy = new Object[fields.size()];
        for (Field field : fields) {
            copy[field.index()] = struct.getWithoutDefault(field.name());
        }
        return copy;
    }

    private static VarHandle valuesHandle() {
        try {
            return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
