package io.sluice.engine.scan;

/**
 * A column that likely holds personal data.
 *
 * @param source     the pipeline's source
 * @param table      as the pipeline file names it: "schema.table" or "database.table"
 * @param column     as the source names it
 * @param kind       what it holds
 * @param confidence how sure the scan is
 * @param byName     whether the column's name points to the kind
 * @param matching   sampled values that passed the kind's value check
 * @param sampled    sampled values that were not null or blank
 * @param example    one value, masked (never a value as sampled); null when the sample held none
 * @param treatment  the governance transform suggested for it
 */
public record Finding(String source, String table, String column, Kind kind, Confidence confidence, boolean byName,
                      int matching, int sampled, String example, Treatment treatment) {
}
