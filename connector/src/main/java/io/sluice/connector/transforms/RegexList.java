package io.sluice.connector.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A setting holding a list of regular expressions, each matched against a whole name. */
final class RegexList {

    /** Fails at configuration time on the first expression that does not compile, naming it. */
    static final ConfigDef.Validator VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof List<?> list) {
                for (Object regex : list) {
                    compile(name, String.valueOf(regex));
                }
            }
        }

        @Override
        public String toString() {
            return "comma-separated regular expressions";
        }
    };

    private RegexList() {
    }

    static List<Pattern> compile(String setting, List<String> regexes) {
        List<Pattern> patterns = new ArrayList<>(regexes.size());
        for (String regex : regexes) {
            patterns.add(compile(setting, regex));
        }
        return List.copyOf(patterns);
    }

    /** True when one of the patterns matches the whole of {@code name}. */
    static boolean matchesAny(List<Pattern> patterns, String name) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Pattern compile(String setting, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(setting, regex, "not a valid regular expression: " + e.getDescription()
                    + " at index " + e.getIndex());
        }
    }
}
