package io.sluice.connector.writer;

/**
 * How a writer treats deletes and source schema changes.
 *
 * @param deleteMode      what a source delete does to the warehouse row
 * @param schemaEvolution whether warehouse tables follow source schema changes
 */
public record WriterOptions(DeleteMode deleteMode, SchemaEvolution schemaEvolution) {

    public static final WriterOptions DEFAULTS = new WriterOptions(DeleteMode.HARD, SchemaEvolution.EVOLVE);

    /** Whether warehouse tables follow source schema changes (DESIGN.md, decision 5). */
    public enum SchemaEvolution {
        /** Add new columns, widen numeric types; a dropped source column stays, nullable. */
        EVOLVE,
        /** Never alter a warehouse table; changes that do not fit go to quarantine. */
        STRICT
    }
}
