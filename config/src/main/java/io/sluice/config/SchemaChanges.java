package io.sluice.config;

/** What happens in the warehouse when a source table's columns change. */
public enum SchemaChanges {
    /** Add new columns and widen types where the warehouse can; a dropped column stays, nullable. */
    EVOLVE,
    /** Never change a warehouse table: a change that does not fit goes to quarantine with the reason. */
    STRICT
}
