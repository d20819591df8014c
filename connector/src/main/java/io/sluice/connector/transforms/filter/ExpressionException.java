package io.sluice.connector.transforms.filter;

/** A condition that does not parse, or does not fit the columns of a table; the message says where and why. */
public final class ExpressionException extends IllegalArgumentException {

    private final int position;

    public ExpressionException(int position, String message) {
        super("at position " + position + ": " + message);
        this.position = position;
    }

    /** 1-based character offset into the condition. */
    public int position() {
        return position;
    }
}
