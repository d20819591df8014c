package io.sluice.engine.check;

import io.sluice.config.DebeziumProperties;
import io.sluice.config.SourceConfig;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Debezium's {@code message.key.columns} ({@code <table regex>:<column>,<column>;...}), which gives a
 * table without a primary key the key Sluice needs.
 */
final class MessageKeyColumns {

    private MessageKeyColumns() {
    }

    /**
     * The key columns the source gives {@code table} ("schema.table"), if any: through its {@code keys:}
     * or a {@code message.key.columns} in its {@code debezium:} block (which wins, as it does at run time).
     */
    static Optional<String> of(SourceConfig source, String table) {
        String setting = DebeziumProperties.of("check", source).getProperty("message.key.columns");
        if (setting == null) {
            return Optional.empty();
        }
        for (String entry : setting.split(";")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                if (Pattern.compile(entry.substring(0, colon).trim(), Pattern.CASE_INSENSITIVE).matcher(table).matches()) {
                    return Optional.of(entry.substring(colon + 1).trim());
                }
            } catch (PatternSyntaxException e) {
                // Debezium rejects the setting at start; that is not this check's finding.
            }
        }
        return Optional.empty();
    }
}
