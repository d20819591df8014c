package io.sluice.config;

/** What a delete in a source does to the warehouse row. */
public enum DeleteMode {
    /** The row is deleted. */
    HARD,
    /** The row stays and is marked deleted, so history and downstream joins keep it. */
    SOFT
}
