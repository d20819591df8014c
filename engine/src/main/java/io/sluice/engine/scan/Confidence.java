package io.sluice.engine.scan;

/** How sure a finding is; the order is from most to least sure. */
public enum Confidence {
    /** The value check passes on most sampled values. */
    HIGH,
    /** The column's name says so, or the value check passes on a good part of the values. */
    MEDIUM,
    /** A few values pass the value check. */
    LOW;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The less sure of the two. */
    Confidence atMost(Confidence ceiling) {
        return compareTo(ceiling) >= 0 ? this : ceiling;
    }
}
