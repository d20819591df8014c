package io.sluice.engine.quarantine;

import io.sluice.config.PipelineConfig;
import io.sluice.engine.pipeline.Warehouse;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/** What {@code sluice quarantine} prints: the quarantined records of a pipeline, or the outcome of a replay. */
public final class QuarantineReport {

    private static final int REASON_WIDTH = 60;

    private final PipelineConfig config;
    private final PrintWriter out;

    public QuarantineReport(PipelineConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    public void list(String rule, List<String> ids, int limit) throws SQLException {
        try (Warehouse warehouse = Warehouse.open(config, 1)) {
            List<QuarantineStore.Entry> entries = new QuarantineStore(warehouse, config.name()).find(rule, ids, limit);
            out.printf("%-36s  %-19s  %-10s  %-24s  %-18s  %s%n", "id", "quarantined at (UTC)", "source", "table", "rule",
                    "reason / key");
            for (QuarantineStore.Entry entry : entries) {
                out.printf("%-36s  %-19s  %-10s  %-24s  %-18s  %s%n", entry.id(),
                        entry.at().toLocalDateTime().withNano(0).toString().replace('T', ' '), entry.source(),
                        entry.table(), entry.rule(), shorten(entry.reason()) + "  key=" + entry.key());
            }
            out.printf("%d quarantined record(s)%s%n", entries.size(), entries.size() == limit ? " (limit reached)" : "");
        }
    }

    public void replay(String rule, List<String> ids, int limit) throws SQLException {
        try (Warehouse warehouse = Warehouse.open(config, 1)) {
            QuarantineStore store = new QuarantineStore(warehouse, config.name());
            List<QuarantineStore.Entry> entries = store.find(rule, ids, limit);
            Replay.Outcome outcome = Replay.run(config, warehouse, entries, store);
            out.printf("replayed %d record(s): %d row(s) upserted, %d deleted, %d quarantined again%n",
                    outcome.replayed(), outcome.upserted(), outcome.deleted(), outcome.quarantinedAgain());
        }
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= REASON_WIDTH ? line : line.substring(0, REASON_WIDTH - 1) + "…";
    }
}
