package io.sluice.engine.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code governance:} section a scan suggests for the pipeline file, ready to paste: per table,
 * one entry per transform (hash, then partial, then mask), each listing its columns. Entries apply in
 * file order, and no column is in two entries, so their order does not matter. Findings of low
 * confidence are named in a comment, not governed.
 *
 * <pre>
 * governance:
 *   - type: hash
 *     tables: [public\.customers]
 *     columns: [email]
 *     key: ${env:SLUICE_HASH_KEY}
 *   - type: partial
 *     tables: [public\.customers]
 *     columns: [card_number]
 *     keep.first: 0
 *     keep.last: 4
 *   - type: mask
 *     tables: [public\.customers]
 *     columns: [first_name]
 * </pre>
 *
 * {@code tables} are regular expressions on "schema.table" (for MariaDB/MySQL "database.table"), so
 * the names are escaped. Two sources with a table of the same name share its entries: a transform
 * cannot tell them apart, and hashing a column twice would break joins on it.
 */
final class GovernanceBlock {

    static final String HASH_KEY = "${env:SLUICE_HASH_KEY}";
    private static final String REGEX_SPECIALS = "\\.[]{}()*+?^$|";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\\\$-]*");
    private static final Pattern YAML_WORDS = Pattern.compile("(?i)true|false|null|yes|no|on|off|y|n|~|[-+.\\d].*");

    private GovernanceBlock() {
    }

    /** The block, comments first; empty when no finding is sure enough to govern. */
    static Optional<String> of(List<Finding> findings) {
        Map<String, Map<Treatment, List<String>>> byTable = new LinkedHashMap<>();
        Map<String, Treatment> chosen = new LinkedHashMap<>();
        List<String> leftOut = new ArrayList<>();
        for (Finding finding : findings) {
            if (finding.confidence() == Confidence.LOW) {
                leftOut.add(finding.table() + "." + finding.column() + " (" + finding.kind().label() + ")");
                continue;
            }
            String tableRegex = escape(finding.table());
            Treatment previous = chosen.putIfAbsent(tableRegex + "\u0000" + finding.column(), finding.treatment());
            if (previous != null) {
                continue; // the same table and column in another source: its first treatment covers both
            }
            byTable.computeIfAbsent(tableRegex, t -> new LinkedHashMap<>())
                    .computeIfAbsent(finding.treatment(), t -> new ArrayList<>()).add(finding.column());
        }
        if (byTable.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Suggested by sluice scan: review it, then paste it into the pipeline file.\n");
        if (chosen.containsValue(Treatment.HASH)) {
            yaml.append("# hash needs SLUICE_HASH_KEY: a secret of at least 16 bytes; keep it, or every hash changes.\n");
        }
        for (String low : leftOut) {
            yaml.append("# Left out, low confidence: ").append(low).append('\n');
        }
        for (Finding finding : findings) {
            if (finding.confidence() != Confidence.LOW && finding.treatment() != finding.kind().defaultTreatment()) {
                yaml.append("# ").append(finding.table()).append('.').append(finding.column()).append(": ")
                        .append(finding.treatment().type()).append(", not ").append(finding.kind().defaultTreatment().type())
                        .append(finding.treatment() == Treatment.HASH
                                ? ", because it is a key column (mask and partial refuse keys)\n"
                                : ", because it is not text (partial masks text only)\n");
            }
        }
        yaml.append("governance:\n");
        byTable.forEach((table, treatments) -> {
            for (Treatment treatment : Treatment.values()) {
                List<String> columns = treatments.get(treatment);
                if (columns == null) {
                    continue;
                }
                yaml.append("  - type: ").append(treatment.type()).append('\n');
                yaml.append("    tables: [").append(scalar(table)).append("]\n");
                yaml.append("    columns: [").append(String.join(", ", columns.stream().map(GovernanceBlock::scalar).toList()))
                        .append("]\n");
                switch (treatment) {
                    case HASH -> yaml.append("    key: ").append(HASH_KEY).append('\n');
                    case PARTIAL -> yaml.append("    keep.first: 0\n    keep.last: 4\n");
                    case MASK -> { }
                }
            }
        });
        return Optional.of(yaml.toString());
    }

    /** {@code public.customers} as a regular expression that matches only that name: {@code public\.customers}. */
    static String escape(String name) {
        StringBuilder regex = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (REGEX_SPECIALS.indexOf(c) >= 0) {
                regex.append('\\');
            }
            regex.append(c);
        }
        return regex.toString();
    }

    /** A YAML scalar for a flow sequence: plain when that reads back the same text, else single-quoted. */
    static String scalar(String text) {
        if (PLAIN.matcher(text).matches() && !YAML_WORDS.matcher(text).matches()) {
            return text;
        }
        return "'" + text.replace("'", "''") + "'";
    }
}
