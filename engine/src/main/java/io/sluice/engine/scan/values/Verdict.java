package io.sluice.engine.scan.values;

/** What a value check says about one value. */
public enum Verdict {
    /** Not of this kind's format at all. */
    NO_MATCH,
    /**
     * The format of this kind, but its check fails (a check digit, a date, an allocation rule). Many
     * lookalikes in a column mean another numbering that merely shares the format, such as order
     * numbers of sixteen digits, of which one in ten passes the Luhn check by chance.
     */
    LOOKALIKE,
    /** The format and every check pass. */
    VALID;

    static Verdict of(boolean valid) {
        return valid ? VALID : LOOKALIKE;
    }
}
