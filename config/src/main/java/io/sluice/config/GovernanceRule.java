package io.sluice.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One governance rule of the pipeline file: a transform and its settings, which are the transform's own
 * Kafka Connect settings (documented on each transform class), lists joined with commas.
 *
 * @param type     which transform: mask, hash, partial, columns, filter, quality or lineage
 * @param settings its settings as text, in file order; may hold secrets (a hash key), so never printed
 * @param line     where the rule starts in the file (1-based), for error messages
 * @param column   the column where it starts (1-based); 0 when unknown
 */
public record GovernanceRule(String type, Map<String, String> settings, int line, int column) {

    /** The transforms the pipeline file knows, by their short names. */
    public static final java.util.List<String> TYPES =
            java.util.List.of("mask", "hash", "partial", "columns", "filter", "quality", "lineage");

    public GovernanceRule {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A rule whose column is not known. */
    public GovernanceRule(String type, Map<String, String> settings, int line) {
        this(type, settings, line, 0);
    }

    /** Shows the setting names only: a value may be a secret. */
    @Override
    public String toString() {
        return "GovernanceRule[type=" + type + ", settings=" + settings.keySet() + ", line=" + line + ", column=" + column + "]";
    }
}
