package io.sluice.engine.bench;

import io.sluice.engine.demo.TableComparison;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a warehouse that captured a {@link VersionedLoad}: every table equals the source row for row,
 * and each table's history ({@code <table>_history}) holds each source change exactly once.
 *
 * <p>Which changes the history must hold: the load's revisions grow in commit order, so the history
 * itself says where the snapshot stood. A key the snapshot read ({@code __op = 'r'}, revision R) must
 * have every version from R on; a key created after the snapshot, all its versions. A key with no
 * history row at all is a loss unless its whole life lies before the first streamed change (a key
 * inserted and deleted before the snapshot never shows). A delete must have closed the key's last
 * version.
 *
 * @see Verdict
 */
public final class ExactlyOnceCheck {

    /** The key columns of each table of the load, in key order. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "accounts", List.of("id"),
            "transfers", List.of("id"),
            "transfer_lines", List.of("transfer_id", "line_no"));

    /**
     * @param lost         source changes missing from the history tables (and deletes that did not end a version)
     * @param duplicated   history rows beyond one per source change
     * @param tablesEqual  every table equals its source row for row
     * @param details      a few examples of what differs, for the report
     */
    public record Verdict(long lost, long duplicated, boolean tablesEqual, List<String> details) {

        public boolean exact() {
            return lost == 0 && duplicated == 0 && tablesEqual;
        }
    }

    private record HistoryRow(String key, long rev, String op, boolean current) {
    }

    private ExactlyOnceCheck() {
    }

    /** Compares only the tables, e.g. while waiting for the warehouse to catch up. */
    public static List<TableComparison.Result> compareTables(BenchDatabase source, BenchDatabase warehouse)
            throws SQLException {
        List<TableComparison.Result> results = new ArrayList<>();
        try (Connection from = source.connect(); Connection to = warehouse.connect()) {
            for (String table : VersionedLoad.TABLES) {
                results.add(TableComparison.compare(table, from, table, to, quote(table), ExactlyOnceCheck::quote));
            }
        }
        return results;
    }

    public static Verdict check(BenchDatabase source, BenchDatabase warehouse, List<VersionedLoad.Change> log)
            throws SQLException {
        List<String> details = new ArrayList<>();
        boolean equal = true;
        for (TableComparison.Result result : compareTables(source, warehouse)) {
            if (!result.equal()) {
                equal = false;
                details.add(result.table() + ": source " + result.sourceRows() + " rows, warehouse "
                        + result.warehouseRows() + " " + result.examples());
            }
        }
        Map<String, List<HistoryRow>> history = new HashMap<>();
        try (Connection connection = warehouse.connect()) {
            for (String table : VersionedLoad.TABLES) {
                history.put(table, history(connection, table));
            }
        }
        long snapshotRev = 0;                  // the newest revision a snapshot read
        long firstStreamed = Long.MAX_VALUE;   // the oldest revision streamed after the snapshot
        for (List<HistoryRow> rows : history.values()) {
            for (HistoryRow row : rows) {
                if (row.op().equals("r")) {
                    snapshotRev = Math.max(snapshotRev, row.rev());
                } else {
                    firstStreamed = Math.min(firstStreamed, row.rev());
                }
            }
        }

        long lost = 0;
        long duplicated = 0;
        for (String table : VersionedLoad.TABLES) {
            Map<String, List<HistoryRow>> byKey = new HashMap<>();
            for (HistoryRow row : history.get(table)) {
                byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row);
            }
            Map<String, List<VersionedLoad.Change>> changes = new HashMap<>();
            for (VersionedLoad.Change change : log) {
                if (change.table().equals(table)) {
                    changes.computeIfAbsent(change.key(), k -> new ArrayList<>()).add(change);
                }
            }
            for (Map.Entry<String, List<HistoryRow>> entry : byKey.entrySet()) {
                Map<Long, Integer> perRev = new HashMap<>();
                entry.getValue().forEach(row -> perRev.merge(row.rev(), 1, Integer::sum));
                for (Map.Entry<Long, Integer> rev : perRev.entrySet()) {
                    if (rev.getValue() > 1) {
                        duplicated += rev.getValue() - 1;
                        example(details, table + " " + entry.getKey() + " rev " + rev.getKey() + " kept "
                                + rev.getValue() + " times");
                    }
                }
                if (!changes.containsKey(entry.getKey())) {
                    duplicated += entry.getValue().size();
                    example(details, table + " " + entry.getKey() + ": history of a key the source never had");
                }
            }
            for (Map.Entry<String, List<VersionedLoad.Change>> entry : changes.entrySet()) {
                lost += missing(table, entry.getKey(), entry.getValue(), byKey.getOrDefault(entry.getKey(), List.of()),
                        snapshotRev, firstStreamed, details);
            }
        }
        return new Verdict(lost, duplicated, equal, details);
    }

    /** The changes of one key that its history lacks. */
    private static long missing(String table, String key, List<VersionedLoad.Change> changes, List<HistoryRow> rows,
                                long snapshotRev, long firstStreamed, List<String> details) {
        Map<Long, HistoryRow> byRev = new HashMap<>();
        HistoryRow read = null;
        HistoryRow last = null;
        for (HistoryRow row : rows) {
            byRev.put(row.rev(), row);
            if (row.op().equals("r")) {
                read = row;
            }
            if (last == null || row.rev() > last.rev()) {
                last = row;
            }
        }
        VersionedLoad.Change delete = changes.get(changes.size() - 1).op() == 'd' ? changes.get(changes.size() - 1) : null;
        long lostHere = 0;
        if (rows.isEmpty()) {
            // Never seen: fine only if the key lived and died before the snapshot's point.
            long end = delete != null ? delete.rev() : Long.MAX_VALUE;
            if (end < firstStreamed) {
                return 0;
            }
            // It lived on past the snapshot: its read or its later versions should show.
            for (VersionedLoad.Change change : changes) {
                if (change.op() != 'd' && change.rev() >= firstStreamed) {
                    lostHere++;
                }
            }
            lostHere = Math.max(1, lostHere);
        } else {
            long from = read != null ? read.rev() : Long.MIN_VALUE;
            for (VersionedLoad.Change change : changes) {
                if (change.op() != 'd' && change.rev() >= from && !byRev.containsKey(change.rev())) {
                    lostHere++;
                }
            }
            if (delete != null && last.current()) {
                lostHere++; // the delete did not end the key's last version
            }
        }
        if (lostHere > 0) {
            example(details, table + " " + key + ": " + lostHere + " change(s) missing from the history (source: "
                    + changes + ", history revisions: " + byRev.keySet() + ", snapshot up to rev " + snapshotRev + ")");
        }
        return lostHere;
    }

    private static List<HistoryRow> history(Connection connection, String table) throws SQLException {
        List<String> key = KEYS.get(table);
        String sql = "SELECT " + String.join(", ", key.stream().map(ExactlyOnceCheck::quote).toList())
                + ", rev, __op, __current FROM " + quote(table + "_history");
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder keyText = new StringBuilder();
                for (int i = 1; i <= key.size(); i++) {
                    keyText.append(i == 1 ? "" : "|").append(rs.getLong(i));
                }
                rows.add(new HistoryRow(keyText.toString(), rs.getLong(key.size() + 1), rs.getString(key.size() + 2),
                        rs.getBoolean(key.size() + 3)));
            }
        }
        return rows;
    }

    private static void example(List<String> details, String text) {
        if (details.size() < 10) {
            details.add(text);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }
}
