package io.sluice.engine.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report for scripts ({@code sluice scan --json}):
 *
 * <pre>
 * {
 *   "pipeline": "shop",
 *   "sample": 1000,
 *   "tables": [{"source": "shop", "table": "public.customers", "rows": 12, "sampling": "LIMIT"}],
 *   "skipped": [{"source": "shop", "table": "public.nope", "reason": "does not exist"}],
 *   "findings": [
 *     {"source": "shop", "table": "public.customers", "column": "email", "kind": "email",
 *      "confidence": "high", "by_name": true, "matching": 12, "sampled": 12,
 *      "example": "j***@e******.com", "governance": "hash"}
 *   ],
 *   "governance": "# Suggested by sluice scan: ...\ngovernance:\n  - type: hash\n ..."
 * }
 * </pre>
 *
 * {@code matching} counts the sampled values that passed the kind's value check, {@code sampled} those
 * that were not null or blank; {@code example} is masked, and null when the sample held no value. A
 * finding's {@code governance} is the transform suggested for it (null for low confidence, which the
 * block leaves out); the last {@code governance} is the block to paste, null when nothing is to be governed.
 */
public final class ScanJsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScanJsonReport() {
    }

    public static String of(ScanReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pipeline", report.pipeline());
        root.put("sample", report.sampleSize());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (ScanReport.Table table : report.tables()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("source", table.source());
            entry.put("table", table.table());
            entry.put("rows", table.rows());
            entry.put("sampling", table.sampling());
            tables.add(entry);
        }
        root.put("tables", tables);
        List<Map<String, Object>> skipped = new ArrayList<>();
        for (ScanReport.Skipped table : report.skipped()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("source", table.source());
            entry.put("table", table.table());
            entry.put("reason", table.reason());
            skipped.add(entry);
        }
        root.put("skipped", skipped);
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding finding : report.findings()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("source", finding.source());
            entry.put("table", finding.table());
            entry.put("column", finding.column());
            entry.put("kind", finding.kind().label());
            entry.put("confidence", finding.confidence().label());
            entry.put("by_name", finding.byName());
            entry.put("matching", finding.matching());
            entry.put("sampled", finding.sampled());
            entry.put("example", finding.example());
            entry.put("governance", finding.confidence() == Confidence.LOW ? null : finding.treatment().type());
            findings.add(entry);
        }
        root.put("findings", findings);
        root.put("governance", GovernanceBlock.of(report.findings()).orElse(null));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // maps of strings, numbers and booleans always serialize
        }
    }
}
