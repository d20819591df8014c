package io.sluice.engine.scan;

import java.util.List;
import java.util.stream.Stream;

/**
 * Everything a scan of a pipeline's sources found.
 *
 * @param pipeline   the pipeline's name
 * @param sampleSize the most rows read per table
 * @param tables     the tables read, in the pipeline file's order
 * @param skipped    the configured tables that could not be read, with the reason
 * @param findings   one per column that likely holds personal data, in table and column order
 */
public record ScanReport(String pipeline, int sampleSize, List<Table> tables, List<Skipped> skipped,
                         List<Finding> findings) {

    public ScanReport {
        tables = List.copyOf(tables);
        skipped = List.copyOf(skipped);
        findings = List.copyOf(findings);
    }

    /** A table that was read: how many rows and how they were chosen. */
    public record Table(String source, String table, int rows, String sampling) {
    }

    /** A configured table that was not read, and why. */
    public record Skipped(String source, String table, String reason) {
    }

    /** Whether the pipeline has more than one source, so that tables need their source's name beside them. */
    boolean severalSources() {
        return Stream.concat(tables.stream().map(Table::source), skipped.stream().map(Skipped::source))
                .distinct().count() > 1;
    }
}
