package io.sluice.connector.writer;

import io.sluice.connector.change.TableId;

/**
 * Names the warehouse table for a source table from a template with the placeholders
 * {@code ${source}}, {@code ${schema}} and {@code ${table}}; the default {@code ${table}} keeps the
 * source's table name.
 */
public final class TableNaming {

    private final String template;
    private final String warehouseSchema;

    /**
     * @param template        e.g. {@code ${source}_${table}}
     * @param warehouseSchema target schema, or null for the connection's default
     */
    public TableNaming(String template, String warehouseSchema) {
        if (!template.contains("${table}")) {
            throw new IllegalArgumentException("table name template '" + template + "' must contain ${table},"
                    + " or different source tables would land in one warehouse table");
        }
        this.template = template;
        this.warehouseSchema = warehouseSchema;
    }

    public static TableNaming keepSourceNames() {
        return new TableNaming("${table}", null);
    }

    public TableName nameOf(TableId id) {
        String name = template
                .replace("${source}", id.source())
                .replace("${schema}", id.schema() == null ? "" : id.schema())
                .replace("${table}", id.table());
        return new TableName(warehouseSchema, name);
    }
}
