package io.sluice.engine.source;

/** A source stopped because of an error; names the source and says why. */
public final class SourceFailedException extends RuntimeException {

    private final String source;

    SourceFailedException(String source, String message, Throwable cause) {
        super("source '" + source + "' failed: " + (cause != null && cause.getMessage() != null ? cause.getMessage() : message), cause);
        this.source = source;
    }

    public String source() {
        return source;
    }
}
