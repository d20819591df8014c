package io.sluice.config;

/** A scalar that does not fit: what was expected, and optionally how to fix it. */
final class ValueException extends IllegalArgumentException {

    private final String fix;

    ValueException(String expected, String fix) {
        super(expected);
        this.fix = fix;
    }

    /** e.g. "did you mean 'postgres'?", or null. */
    String fix() {
        return fix;
    }
}
