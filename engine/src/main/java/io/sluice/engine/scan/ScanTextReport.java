package io.sluice.engine.scan;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The report for people: the tables read, a table of findings, and the governance block to paste.
 *
 * <pre>
 * Sampled at most 1000 rows per table:
 *   public.customers  12 rows  LIMIT
 *   public.nope       skipped  does not exist
 *
 * TABLE             COLUMN       KIND          CONFIDENCE  EXAMPLE (MASKED)
 * public.customers  email        email         high        j***@e******.com
 * public.customers  card_number  payment_card  high        ************1111
 *
 * 2 findings: 2 high, 0 medium, 0 low
 *
 * # Suggested by sluice scan: ...
 * governance:
 *   ...
 * </pre>
 *
 * With several sources, the source's name leads each table's line.
 */
public final class ScanTextReport {

    private static final List<String> HEADINGS = List.of("TABLE", "COLUMN", "KIND", "CONFIDENCE", "EXAMPLE (MASKED)");

    private ScanTextReport() {
    }

    public static void print(ScanReport report, PrintWriter out) {
        boolean sources = report.severalSources();
        out.println("Sampled at most " + report.sampleSize() + " rows per table:");
        List<List<String>> sampled = new ArrayList<>();
        for (ScanReport.Table table : report.tables()) {
            sampled.add(withSource(sources, table.source(), table.table(), table.rows() + (table.rows() == 1 ? " row" : " rows"),
                    table.sampling()));
        }
        for (ScanReport.Skipped skipped : report.skipped()) {
            sampled.add(withSource(sources, skipped.source(), skipped.table(), "skipped", skipped.reason()));
        }
        printColumns(sampled, out, "  ");
        out.println();

        if (report.findings().isEmpty()) {
            out.println("No personal data found.");
            out.flush();
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(sources ? prepend("SOURCE", HEADINGS) : HEADINGS);
        Map<Confidence, Integer> counts = new EnumMap<>(Confidence.class);
        for (Confidence confidence : Confidence.values()) {
            counts.put(confidence, 0);
        }
        for (Finding finding : report.findings()) {
            rows.add(withSource(sources, finding.source(), finding.table(), finding.column(), finding.kind().label(),
                    finding.confidence().label(), finding.example() == null ? "-" : finding.example()));
            counts.merge(finding.confidence(), 1, Integer::sum);
        }
        printColumns(rows, out, "");
        out.println();
        int total = report.findings().size();
        out.println(total + (total == 1 ? " finding: " : " findings: ") + counts.get(Confidence.HIGH) + " high, "
                + counts.get(Confidence.MEDIUM) + " medium, " + counts.get(Confidence.LOW) + " low");
        GovernanceBlock.of(report.findings()).ifPresent(block -> {
            out.println();
            out.print(block);
        });
        out.flush();
    }

    private static List<String> withSource(boolean sources, String source, String... cells) {
        List<String> row = new ArrayList<>(List.of(cells));
        return sources ? prepend(source, row) : row;
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> row = new ArrayList<>();
        row.add(first);
        row.addAll(rest);
        return row;
    }

    /** Left-aligned columns two spaces apart; the last cell of a line is not padded. */
    private static void printColumns(List<List<String>> rows, PrintWriter out, String indent) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                int width = row.get(i).codePointCount(0, row.get(i).length());
                if (i == widths.size()) {
                    widths.add(width);
                } else {
                    widths.set(i, Math.max(widths.get(i), width));
                }
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths.get(i) - cell.codePointCount(0, cell.length()) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
