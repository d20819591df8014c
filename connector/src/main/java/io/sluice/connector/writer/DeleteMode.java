package io.sluice.connector.writer;

/** What a source delete (and truncate) does to the warehouse rows. */
public enum DeleteMode {
    /** Delete the rows. */
    HARD,
    /** Keep the rows, with {@code __deleted = true} and the time of the delete in {@code __deleted_at}. */
    SOFT
}
