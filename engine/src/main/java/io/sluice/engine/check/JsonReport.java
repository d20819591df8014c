package io.sluice.engine.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report for scripts ({@code sluice check --json}):
 *
 * <pre>
 * {
 *   "pipeline": "shop-to-duckdb",
 *   "status": "FAIL",
 *   "counts": {"PASS": 19, "WARN": 1, "FAIL": 1},
 *   "checks": [
 *     {"source": "shop", "name": "wal_level", "status": "FAIL",
 *      "detail": "wal_level is replica; ...", "fix": "ALTER SYSTEM SET wal_level = logical; ..."},
 *     {"source": null, "name": "warehouse connection", "status": "PASS", "detail": "...", "fix": null}
 *   ]
 * }
 * </pre>
 *
 * {@code status} is the worst of all checks; {@code source} is null for the warehouse's checks; a
 * {@code fix} of several lines holds them separated by {@code \n}.
 */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String of(CheckReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("pipeline", report.pipeline());
        root.put("status", report.worst().name());
        Map<String, Integer> counts = new LinkedHashMap<>();
        report.counts().forEach((status, count) -> counts.put(status.name(), count));
        root.put("counts", counts);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Section section : report.sections()) {
            for (CheckResult check : section.checks()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("source", section.source());
                entry.put("name", check.name());
                entry.put("status", check.status().name());
                entry.put("detail", check.detail());
                entry.put("fix", check.fix());
                checks.add(entry);
            }
        }
        root.put("checks", checks);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // maps of strings and numbers always serialize
        }
    }
}
