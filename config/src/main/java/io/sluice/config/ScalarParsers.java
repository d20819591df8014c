package io.sluice.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kinds of scalar a pipeline file holds, each with the words that say what was expected. */
final class ScalarParsers {

    private static final Set<String> TABLE_PLACEHOLDERS = Set.of("source", "schema", "table");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+(_\\d+)*");

    /** Pipeline and source names end up in slot names, offset keys and table names: keep them plain. */
    static final ScalarParser<String> NAME = matching(Pattern.compile("[a-z0-9][a-z0-9_-]*"),
            "expected a name of lower-case letters, digits, '_' and '-', starting with a letter or digit",
            "e.g. shop-demo");

    static final ScalarParser<String> TEXT = text -> text;

    static final ScalarParser<String> NON_EMPTY_TEXT = text -> {
        if (text.isBlank()) {
            throw new ValueException("expected a value", null);
        }
        return text;
    };

    static final ScalarParser<Integer> PORT = integer(1, 65535);

    static final ScalarParser<Integer> POSITIVE_INT = integer(1, Integer.MAX_VALUE);
    static final ScalarParser<Integer> NON_NEGATIVE_INT = integer(0, Integer.MAX_VALUE);

    /** PostgreSQL replication slot names allow only these characters; publications follow suit so no quoting is needed. */
    static final ScalarParser<String> POSTGRES_NAME = matching(
            Pattern.compile("[a-z0-9_]{1," + SourceConfig.MAX_POSTGRES_NAME_LENGTH + "}"),
            "expected lower-case letters, digits and '_', at most " + SourceConfig.MAX_POSTGRES_NAME_LENGTH
                    + " characters", null);

    static final ScalarParser<Long> POSITIVE_SIZE = text -> {
        long bytes = Sizes.parseBytes(text);
        if (bytes <= 0) {
            throw new ValueException("expected a size above 0B", "e.g. 16MB");
        }
        return bytes;
    };

    static final ScalarParser<Duration> POSITIVE_DURATION = text -> {
        Duration duration = Durations.parse(text);
        if (duration.isZero()) {
            throw new ValueException("expected a duration above 0", "e.g. 500ms");
        }
        return duration;
    };

    private ScalarParsers() {
    }

    /** Whole numbers in a range; '_' between digits is allowed, as YAML allows it ({@code 10_000}). */
    static ScalarParser<Integer> integer(int min, int max) {
        String expected = max == Integer.MAX_VALUE
                ? "expected an integer of at least " + min
                : "expected an integer " + min + ".." + max;
        return text -> {
            String trimmed = text.trim();
            if (!INTEGER.matcher(trimmed).matches()) {
                throw new ValueException(expected, null);
            }
            long value;
            try {
                value = Long.parseLong(trimmed.replace("_", ""));
            } catch (NumberFormatException tooLong) {
                throw new ValueException(expected, null);
            }
            if (value < min || value > max) {
                throw new ValueException(expected, null);
            }
            return (int) value;
        };
    }

    /** One of an enum's constants, written in lower case. */
    static <E extends Enum<E>> ScalarParser<E> choice(Class<E> type) {
        E[] constants = type.getEnumConstants();
        List<String> names = Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        String expected = "expected one of " + String.join(", ", names);
        return text -> {
            int index = names.indexOf(text.trim());
            if (index < 0) {
                throw new ValueException(expected,
                        Suggestions.closest(text.trim(), names).map(s -> "did you mean '" + s + "'?").orElse(null));
            }
            return constants[index];
        };
    }

    /** One of a list of names, with a suggestion for a near miss. */
    static ScalarParser<String> oneOf(List<String> names) {
        String expected = "expected one of " + String.join(", ", names);
        return text -> {
            if (!names.contains(text.trim())) {
                throw new ValueException(expected,
                        Suggestions.closest(text.trim(), names).map(s -> "did you mean '" + s + "'?").orElse(null));
            }
            return text.trim();
        };
    }

    /** A two-part table name, as Debezium's table include list takes it. */
    static ScalarParser<String> qualifiedTable(String shape) {
        return matching(Pattern.compile("[^.\\s,]+\\.[^.\\s,]+"), "expected a table as \"" + shape + "\"",
                "e.g. " + (shape.startsWith("schema") ? "public.customers" : "shop.customers"));
    }

    static ScalarParser<String> jdbcUrl(String prefix, String example) {
        return text -> {
            if (!text.startsWith(prefix)) {
                throw new ValueException("expected a JDBC URL starting with \"" + prefix + "\"", "e.g. " + example);
            }
            return text;
        };
    }

    /** A table-name template: the table placeholder is required, or every table of a source would share one table. */
    static final ScalarParser<String> TABLE_NAME_TEMPLATE = text -> {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!TABLE_PLACEHOLDERS.contains(m.group(1))) {
                throw new ValueException("expected a template with only the placeholders ${source}, ${schema} and ${table}",
                        "${" + m.group(1) + "} is not one of them");
            }
        }
        if (!text.contains("${table}")) {
            throw new ValueException("expected a template containing ${table}",
                    "without it every table of a source would land in one warehouse table");
        }
        return text;
    };

    private static ScalarParser<String> matching(Pattern pattern, String expected, String fix) {
        return text -> {
            if (!pattern.matcher(text).matches()) {
                throw new ValueException(expected, fix);
            }
            return text;
        };
    }
}
