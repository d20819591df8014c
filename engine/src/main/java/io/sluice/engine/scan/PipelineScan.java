package io.sluice.engine.scan;

import io.sluice.config.PipelineConfig;
import io.sluice.config.SourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sluice scan}: samples every configured table of every source of a pipeline and reports the
 * columns that likely hold personal data. Reads only; a table that cannot be read is reported and
 * passed over, a source that cannot be reached ends the scan.
 */
public final class PipelineScan {

    private PipelineScan() {
    }

    /**
     * @param sampleSize the most rows to read per table, at least 1
     * @throws SourceUnreachableException when a source refuses or does not answer the connection
     */
    public static ScanReport run(PipelineConfig pipeline, int sampleSize) throws SourceUnreachableException {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("the sample size must be at least 1, got " + sampleSize);
        }
        ColumnClassifier classifier = new ColumnClassifier(LocalDate.now());
        List<ScanReport.Table> tables = new ArrayList<>();
        List<ScanReport.Skipped> skipped = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (SourceConfig source : pipeline.sources()) {
            Connection connection = connect(source);
            try {
                TableSampler sampler = new TableSampler(connection, source, sampleSize);
                for (String table : source.tables()) {
                    Optional<SampledTable> sampled;
                    try {
                        sampled = sampler.sample(table);
                    } catch (SQLException e) {
                        skipped.add(new ScanReport.Skipped(source.name(), table, "cannot be read: " + reason(e)));
                        continue;
                    }
                    if (sampled.isEmpty()) {
                        skipped.add(new ScanReport.Skipped(source.name(), table, "does not exist"));
                        continue;
                    }
                    tables.add(new ScanReport.Table(source.name(), table, sampled.get().rows(), sampled.get().sampling()));
                    findings.addAll(classify(classifier, sampled.get()));
                }
            } finally {
                close(connection);
            }
        }
        return new ScanReport(pipeline.name(), sampleSize, tables, skipped, findings);
    }

    private static List<Finding> classify(ColumnClassifier classifier, SampledTable table) {
        List<Finding> findings = new ArrayList<>();
        for (SampledColumn column : table.columns()) {
            classifier.classify(column).ifPresent(c -> findings.add(new Finding(table.source(), table.table(),
                    column.name(), c.kind(), c.confidence(), c.byName(), c.matching(), c.sampled(), c.example(),
                    Treatment.of(c.kind(), column.key(), column.text()))));
        }
        return findings;
    }

    /** What was read stands; a connection that cannot be closed cleanly is the driver's to clean up. */
    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing to do: the scan only read
        }
    }

    private static Connection connect(SourceConfig source) throws SourceUnreachableException {
        try {
            return SourceConnection.open(source);
        } catch (SQLException e) {
            throw new SourceUnreachableException("source '" + source.name() + "' cannot be reached ("
                    + SourceConnection.describe(source) + "): " + reason(e), e);
        }
    }

    /** The message of the deepest cause: drivers wrap the server's words a few levels down. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
