package io.sluice.connector.writer;

import io.sluice.connector.type.ColumnType;
import io.sluice.connector.type.ColumnType.Kind;
import java.util.List;

/** Which column type changes the warehouse can follow by widening the column: numbers only, never narrowing. */
final class Widening {

    private static final List<Kind> INTEGERS = List.of(Kind.INT16, Kind.INT32, Kind.INT64);

    private Widening() {
    }

    /** True when {@code wanted} holds every value of {@code current} and more. */
    static boolean widens(ColumnType current, ColumnType wanted) {
        Kind from = current.kind();
        Kind to = wanted.kind();
        if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
            return INTEGERS.indexOf(to) > INTEGERS.indexOf(from);
        }
        if (from == Kind.FLOAT32 && to == Kind.FLOAT64) {
            return true;
        }
        if (from == Kind.DECIMAL && to == Kind.DECIMAL) {
            int integerDigitsFrom = current.precision() - current.scale();
            int integerDigitsTo = wanted.precision() - wanted.scale();
            return wanted.scale() >= current.scale() && integerDigitsTo >= integerDigitsFrom && !wanted.equals(current);
        }
        return from == Kind.DECIMAL && to == Kind.NUMERIC;
    }
}
