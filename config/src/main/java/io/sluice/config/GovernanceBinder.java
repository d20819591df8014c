package io.sluice.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Binds {@code governance}: a list of rules, each {@code type} plus the transform's own settings. The
 * settings are checked by the transform itself when the pipeline starts (config knows no transforms).
 */
final class GovernanceBinder {

    private GovernanceBinder() {
    }

    static List<GovernanceRule> bind(List<YamlMapping> rules, Binding binding) {
        List<GovernanceRule> bound = new ArrayList<>();
        for (YamlMapping rule : rules) {
            String type = rule.required("type", ScalarParsers.oneOf(GovernanceRule.TYPES),
                    "say which transform, one of " + String.join(", ", GovernanceRule.TYPES)).orElse(null);
            var settings = rule.settings(Set.of("type"));
            if (type != null) {
                bound.add(new GovernanceRule(type, settings, rule.line(), rule.column()));
            }
        }
        return bound;
    }
}
