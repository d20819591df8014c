package io.sluice.connector.change;

/** What a change does to the warehouse row with its key, after Debezium's c/r/u/d are read. */
public enum Operation {
    /** The row now has these values (insert, snapshot read or update). */
    UPSERT,
    /** The row no longer exists. */
    DELETE,
    /** The table was emptied. */
    TRUNCATE
}
