package io.sluice.connector.transforms.quality;

/** A {@code rules} setting that does not parse; the message says where and what was expected. */
public final class RuleSyntaxException extends IllegalArgumentException {

    public RuleSyntaxException(int position, String message) {
        super("at position " + position + ": " + message);
    }
}
