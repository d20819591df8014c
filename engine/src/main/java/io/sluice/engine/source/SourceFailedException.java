package io.sluice.engine.source;

/** A source stopped because of an error; names the source and says why. */
public final class SourceFailedException extends RuntimeException {

    private final String source;

    SourceFailedException(String source, String reason, Throwable cause) {
        super("source '" + source + "' failed: " + reason, cause);
        this.source = source;
    }

    public String source() {
        return source;
    }
}
