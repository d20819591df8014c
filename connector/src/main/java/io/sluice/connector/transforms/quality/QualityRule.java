package io.sluice.connector.transforms.quality;

import java.util.List;

/**
 * One data-quality rule as written in the {@code rules} setting: {@code name:check(column, args…):action}.
 *
 * @param position 1-based offset of the rule in the setting, for messages
 */
public record QualityRule(String name, Check check, String column, List<String> arguments, Action action, int position) {

    /** What a change that breaks the rule becomes. */
    public enum Action {
        /** Kept, with headers naming the rule and the reason, for the writer to route to the quarantine table. */
        QUARANTINE,
        /** Dropped, and counted. */
        DROP,
        /** Kept, with the rule's name in the row's quality-issues column. */
        TAG
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name).append(':').append(check.keyword()).append('(').append(column);
        for (String argument : arguments) {
            text.append(", '").append(argument.replace("'", "''")).append('\'');
        }
        return text.append("):").append(action.name().toLowerCase(java.util.Locale.ROOT)).toString();
    }
}
