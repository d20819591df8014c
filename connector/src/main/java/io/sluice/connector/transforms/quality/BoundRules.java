package io.sluice.connector.transforms.quality;

import io.sluice.connector.transforms.quality.QualityRule.Action;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Quality rules bound to the columns of one row schema, once: columns found, arguments converted,
 * patterns compiled. A column the schema lacks reads as null: {@code not_null} fails on it, every other
 * check passes (see {@link #missingColumns()}).
 */
public final class BoundRules {

    /** What a row's failures ask for; null from {@link #judge} when it breaks no quarantine or drop rule. */
    public record Verdict(String quarantineRules, String quarantineReasons, boolean drop) {
    }

    private final QualityRule[] rules;
    private final Check.Test[] tests;
    private final Set<String> missingColumns;
    private final boolean tags;

    private BoundRules(QualityRule[] rules, Check.Test[] tests, Set<String> missingColumns) {
        this.rules = rules;
        this.tests = tests;
        this.missingColumns = missingColumns;
        this.tags = List.of(rules).stream().anyMatch(rule -> rule.action() == Action.TAG);
    }

    /** @throws IllegalArgumentException naming the rule, when a rule does not suit its column's type */
    public static BoundRules bind(List<QualityRule> rules, Schema rowSchema) {
        QualityRule[] bound = rules.toArray(new QualityRule[0]);
        Check.Test[] tests = new Check.Test[bound.length];
        Set<String> missing = new TreeSet<>();
        for (int i = 0; i < bound.length; i++) {
            QualityRule rule = bound[i];
            Field field = rowSchema.field(rule.column());
            if (field == null) {
                missing.add(rule.column());
                String reason = rule.column() + " is absent";
                tests[i] = rule.check() == Check.NOT_NULL ? row -> reason : row -> null;
                continue;
            }
            try {
                tests[i] = rule.check().bind(field, rule.arguments());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule '" + rule.name() + "': " + e.getMessage(), e);
            }
        }
        return new BoundRules(bound, tests, Set.copyOf(missing));
    }

    /** Columns the rules name that the schema lacks. */
    public Set<String> missingColumns() {
        return missingColumns;
    }

    /** Whether any rule tags rows. */
    public boolean tags() {
        return tags;
    }

    /** The names of the tag rules {@code row} breaks, comma-separated in rule order; null when none. */
    public String tagIssues(Struct row) {
        StringBuilder issues = null;
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].action() == Action.TAG && tests[i].failure(row) != null) {
                issues = issues == null ? new StringBuilder() : issues.append(',');
                issues.append(rules[i].name());
            }
        }
        return issues == null ? null : issues.toString();
    }

    /**
     * What the quarantine and drop rules that {@code row} breaks ask for: the names and reasons of the
     * quarantine rules, and whether a drop rule failed; null when none failed, which allocates nothing.
     */
    public Verdict judge(Struct row) {
        StringBuilder names = null;
        StringBuilder reasons = null;
        boolean drop = false;
        for (int i = 0; i < rules.length; i++) {
            Action action = rules[i].action();
            if (action == Action.TAG) {
                continue;
            }
            String reason = tests[i].failure(row);
            if (reason == null) {
                continue;
            }
            if (action == Action.DROP) {
                drop = true;
            } else if (names == null) {
                names = new StringBuilder(rules[i].name());
                reasons = new StringBuilder(reason);
            } else {
                names.append(',').append(rules[i].name());
                reasons.append("; ").append(reason);
            }
        }
        if (names == null && !drop) {
            return null;
        }
        return new Verdict(names == null ? null : names.toString(), reasons == null ? null : reasons.toString(), drop);
    }
}
