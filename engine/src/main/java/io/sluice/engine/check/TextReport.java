package io.sluice.engine.check;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The report for people: a block per source and one for the warehouse, a line per check, the fix
 * under each WARN and FAIL, and a last line that starts with the worst outcome.
 *
 * <pre>
 * source shop: postgres at db.internal:5432/shop as sluice
 *   PASS  server version          PostgreSQL 15.6
 *   FAIL  wal_level               wal_level is replica; logical decoding needs logical
 *         fix: ALTER SYSTEM SET wal_level = logical;  -- then restart PostgreSQL
 *
 * FAIL  21 checks: 19 passed, 1 warning, 1 failed
 * </pre>
 */
public final class TextReport {

    /** Longer names (a long table name) push only their own line's detail to the right. */
    private static final int MAX_NAME_WIDTH = 40;

    private TextReport() {
    }

    public static void print(CheckReport report, PrintWriter out) {
        int width = 0;
        for (Section section : report.sections()) {
            for (CheckResult check : section.checks()) {
                width = Math.max(width, Math.min(MAX_NAME_WIDTH, check.name().length()));
            }
        }
        for (Section section : report.sections()) {
            out.println(section.title());
            for (CheckResult check : section.checks()) {
                out.println("  " + pad(check.status().name(), 4) + "  " + pad(check.name(), width) + "  "
                        + check.detail());
                if (check.fix() != null) {
                    String indent = " ".repeat(2 + 4 + 2);
                    String[] lines = check.fix().split("\n");
                    out.println(indent + "fix: " + lines[0]);
                    for (int i = 1; i < lines.length; i++) {
                        out.println(indent + "     " + lines[i]);
                    }
                }
            }
            out.println();
        }
        out.println(summary(report));
        out.flush();
    }

    /** {@code FAIL  21 checks: 19 passed, 1 warning, 1 failed}. */
    public static String summary(CheckReport report) {
        Map<Status, Integer> counts = report.counts();
        int warnings = counts.get(Status.WARN);
        return report.worst() + "  " + report.total() + " checks: " + counts.get(Status.PASS) + " passed, "
                + warnings + (warnings == 1 ? " warning, " : " warnings, ") + counts.get(Status.FAIL) + " failed";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
