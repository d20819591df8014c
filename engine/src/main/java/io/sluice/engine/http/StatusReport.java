package io.sluice.engine.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connector.writer.QuarantineTable;
import io.sluice.engine.pipeline.Pipeline;
import io.sluice.engine.pipeline.PipelineStats;
import io.sluice.engine.source.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code /status} and {@code /health/ready} say about a running pipeline. Never a secret: the
 * warehouse is described without credentials, and sources by name, type and tables only.
 */
final class StatusReport {

    private static final int RECENT_QUARANTINED = 20;
    private static final int SHOWN_PAYLOAD = 500;

    private final Pipeline pipeline;
    private final WarehouseProbe probe;
    private final ObjectMapper json;

    StatusReport(Pipeline pipeline, WarehouseProbe probe, ObjectMapper json) {
        this.pipeline = pipeline;
        this.probe = probe;
        this.json = json;
    }

    /** Ready: every source connected and running, and the warehouse answering. Lists what is not. */
    Map<String, Object> readiness() {
        List<String> problems = new ArrayList<>();
        for (Source source : pipeline.sources()) {
            if (source.state() != Source.State.RUNNING) {
                problems.add("source '" + source.name() + "' is " + source.state().name().toLowerCase(Locale.ROOT)
                        + (source.error() == null ? "" : ": " + source.error()));
            }
        }
        String warehouse = probe.problem();
        if (warehouse != null) {
            problems.add(warehouse);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ready", problems.isEmpty());
        answer.put("problems", problems);
        return answer;
    }

    Map<String, Object> status() {
        PipelineStats stats = pipeline.stats();
        String warehouseProblem = probe.problem();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("pipeline", pipeline.config().name());
        status.put("time", System.currentTimeMillis());
        status.put("ready", readiness().get("ready"));
        Map<String, Object> warehouse = new LinkedHashMap<>();
        warehouse.put("type", pipeline.dialect().name());
        warehouse.put("location", pipeline.warehouseLocation());
        warehouse.put("reachable", warehouseProblem == null);
        warehouse.put("problem", warehouseProblem);
        status.put("warehouse", warehouse);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("changes", stats.changes());
        totals.put("upserted", stats.upserted());
        totals.put("deleted", stats.deleted());
        totals.put("quarantined", stats.quarantined());
        totals.put("flushes", stats.flushes());
        totals.put("lag_p50_ms", stats.lagPercentile(50));
        totals.put("lag_p99_ms", stats.lagPercentile(99));
        status.put("totals", totals);
        List<Object> sources = new ArrayList<>();
        for (Source source : pipeline.sources()) {
            sources.add(source(source, stats.source(source.name())));
        }
        status.put("sources", sources);
        status.put("quarantine", recentQuarantined());
        return status;
    }

    private Map<String, Object> source(Source source, PipelineStats.SourceStats stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", source.name());
        out.put("type", source.type());
        out.put("state", source.state().name().toLowerCase(Locale.ROOT));
        out.put("error", source.error());
        out.put("lag_ms", stats.lastLagMillis());
        out.put("changes", stats.changes());
        out.put("flushes", stats.flushes());
        out.put("last_flush_at", stats.lastFlushAt());
        out.put("snapshot", stats.snapshotting() ? "running" : stats.snapshotCompleted() ? "completed" : "none");
        List<Object> offsets = new ArrayList<>();
        source.committedOffsets().forEach((partition, offset) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("partition", parsed(partition));
            entry.put("offset", parsed(offset));
            offsets.add(entry);
        });
        out.put("offsets", offsets);
        // Configured tables show from the start, with zeros, before their first change.
        Map<String, PipelineStats.TableStats> tables = new java.util.TreeMap<>(stats.tables());
        for (String configured : source.tables()) {
            tables.putIfAbsent(configured, null);
        }
        List<Object> tableList = new ArrayList<>();
        Map<String, Long> estimates = source.estimatedRows();
        tables.forEach((name, counts) -> {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("table", name);
            table.put("captured", counts == null ? 0 : counts.captured());
            table.put("upserted", counts == null ? 0 : counts.upserted());
            table.put("deleted", counts == null ? 0 : counts.deleted());
            table.put("quarantined", counts == null ? 0 : counts.quarantined());
            table.put("snapshot_rows", counts == null ? 0 : counts.snapshotRows());
            table.put("estimated_rows", estimates.get(name));
            tableList.add(table);
        });
        out.put("tables", tableList);
        return out;
    }

    /** Stored offsets are JSON text; shown as JSON, or as the text when they are not. */
    private Object parsed(String stored) {
        try {
            JsonNode node = json.readTree(stored);
            return node == null ? stored : node;
        } catch (java.io.IOException e) {
            return stored;
        }
    }

    /** This pipeline's most recently quarantined records, newest first; empty before the table exists. */
    private List<Object> recentQuarantined() {
        QuarantineTable table = new QuarantineTable(pipeline.dialect(), pipeline.warehouseSchema(),
                pipeline.config().name() + "/*");
        var d = pipeline.dialect();
        String sql = "SELECT " + d.quote("quarantined_at") + ", " + d.quote("origin") + ", " + d.quote("source_table")
                + ", " + d.quote("rule") + ", " + d.quote("reason") + ", " + d.quote("record_key") + ", "
                + d.quote("payload") + " FROM " + d.qualified(table.name())
                + " WHERE " + d.quote("origin") + " >= ? AND " + d.quote("origin") + " < ?"
                + " ORDER BY " + d.quote("quarantined_at") + " DESC LIMIT " + RECENT_QUARANTINED;
        List<Object> rows = new ArrayList<>();
        try (Connection connection = pipeline.warehouse().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            // Origins are "pipeline/source": the range holds exactly this pipeline's ('0' follows '/').
            statement.setString(1, pipeline.config().name() + "/");
            statement.setString(2, pipeline.config().name() + "0");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("at", String.valueOf(rs.getObject(1)));
                    String origin = rs.getString(2);
                    row.put("source", origin.substring(origin.indexOf('/') + 1));
                    String sourceTable = rs.getString(3);
                    row.put("table", sourceTable == null ? null : io.sluice.engine.pipeline.FlushListener.tableOf(sourceTable));
                    row.put("rule", rs.getString(4));
                    row.put("reason", rs.getString(5));
                    row.put("key", rs.getString(6));
                    String payload = rs.getString(7);
                    row.put("payload", payload == null || payload.length() <= SHOWN_PAYLOAD ? payload
                            : payload.substring(0, SHOWN_PAYLOAD) + "…");
                    rows.add(row);
                }
            }
        } catch (SQLException noTableYet) {
            // The writer creates the quarantine table with the first flush.
        }
        return rows;
    }
}
