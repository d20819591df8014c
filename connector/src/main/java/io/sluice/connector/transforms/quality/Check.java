package io.sluice.connector.transforms.quality;

import io.sluice.connector.type.ComparableColumn;
import io.sluice.connector.type.ComparableColumn.Domain;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * The checks a quality rule can make of one column. Each binds itself to a column of a row schema
 * once, converting its arguments to the column's values; the bound test then says, for a row, nothing
 * (null) or why it fails. Reasons name the column and the rule, never the value: the quarantine table
 * keeps the payload, and headers may be logged. Every check but {@code not_null} passes a null.
 */
public enum Check {

    /** {@code not_null(column)}: the value is not null (a column the table lacks counts as null). */
    NOT_NULL("not_null", 0, 0) {
        @Override
        Test bind(Field field, List<String> arguments) {
            String reason = field.name() + " is null";
            return row -> row.get(field) == null ? reason : null;
        }
    },

    /** {@code range(column, min, max)}: min &lt;= value &lt;= max; either bound may be left empty. Numbers, text, dates, times. */
    RANGE("range", 2, 2) {
        @Override
        void checkArguments(List<String> arguments) {
            if (arguments.get(0).isBlank() && arguments.get(1).isBlank()) {
                throw new IllegalArgumentException("range needs a minimum, a maximum or both, e.g. range(amount, 0, 10000)"
                        + " or range(age, 0, )");
            }
        }

        @Override
        Test bind(Field field, List<String> arguments) {
            ComparableColumn column = comparable(field, "range");
            Object min = arguments.get(0).isBlank() ? null : column.parse(arguments.get(0));
            Object max = arguments.get(1).isBlank() ? null : column.parse(arguments.get(1));
            String below = field.name() + " is below the minimum " + arguments.get(0).trim();
            String above = field.name() + " is above the maximum " + arguments.get(1).trim();
            return row -> {
                Object value = column.read(row);
                if (value == null) {
                    return null;
                }
                if (min != null && ComparableColumn.compare(value, min) < 0) {
                    return below;
                }
                return max != null && ComparableColumn.compare(value, max) > 0 ? above : null;
            };
        }
    },

    /** {@code regex(column, 'pattern')}: the whole text matches the Java regular expression. */
    REGEX("regex", 1, 1) {
        @Override
        void checkArguments(List<String> arguments) {
            try {
                Pattern.compile(arguments.get(0));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + arguments.get(0) + "' is not a valid regular expression: "
                        + e.getDescription() + " at index " + e.getIndex());
            }
        }

        @Override
        Test bind(Field field, List<String> arguments) {
            requireText(field, "regex");
            Pattern pattern = Pattern.compile(arguments.get(0));
            String reason = field.name() + " does not match " + arguments.get(0);
            return row -> {
                Object value = row.get(field);
                return value != null && !pattern.matcher(value.toString()).matches() ? reason : null;
            };
        }
    },

    /** {@code allowed(column, value, …)}: the value is one of the listed ones, compared as the column's values. */
    ALLOWED("allowed", 1, Integer.MAX_VALUE) {
        @Override
        Test bind(Field field, List<String> arguments) {
            ComparableColumn column = comparable(field, "allowed");
            List<Object> allowed = new ArrayList<>();
            for (String argument : arguments) {
                allowed.add(column.parse(argument));
            }
            String reason = field.name() + " is not one of " + String.join(", ", arguments);
            return row -> {
                Object value = column.read(row);
                if (value == null) {
                    return null;
                }
                for (Object candidate : allowed) {
                    if (ComparableColumn.compare(value, candidate) == 0) {
                        return null;
                    }
                }
                return reason;
            };
        }
    },

    /** {@code max_length(column, n)}: text of at most n characters, or bytes of at most n bytes. */
    MAX_LENGTH("max_length", 1, 1) {
        @Override
        void checkArguments(List<String> arguments) {
            lengthOf(arguments.get(0));
        }

        @Override
        Test bind(Field field, List<String> arguments) {
            int max = lengthOf(arguments.get(0));
            Schema.Type type = field.schema().type();
            if (type != Schema.Type.STRING && type != Schema.Type.BYTES) {
                throw new IllegalArgumentException("max_length measures text or bytes, but column '" + field.name()
                        + "' is " + type);
            }
            String reason = field.name() + " is longer than " + max + (type == Schema.Type.STRING ? " characters" : " bytes");
            return row -> {
                Object value = row.get(field);
                return value != null && lengthOf(value) > max ? reason : null;
            };
        }

        private static int lengthOf(String argument) {
            try {
                int length = Integer.parseInt(argument.trim());
                if (length >= 0) {
                    return length;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("max_length needs a whole number of characters, not '" + argument + "'");
        }

        private static int lengthOf(Object value) {
            if (value instanceof String text) {
                return text.codePointCount(0, text.length());
            }
            return value instanceof byte[] bytes ? bytes.length : ((java.nio.ByteBuffer) value).remaining();
        }
    },

    /** {@code email(column)}: text shaped like an email address (local part, @, a domain with a dot). */
    EMAIL("email", 0, 0) {
        /** Pragmatic, not RFC 5322: what forms and warehouses commonly accept. */
        private static final Pattern ADDRESS = Pattern.compile(
                "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

        @Override
        Test bind(Field field, List<String> arguments) {
            requireText(field, "email");
            String reason = field.name() + " is not an email address";
            return row -> {
                Object value = row.get(field);
                return value != null && !ADDRESS.matcher(value.toString()).matches() ? reason : null;
            };
        }
    },

    /** {@code date(column)}: text that is an ISO date (yyyy-mm-dd); a column of a date type always passes. */
    DATE("date", 0, 0) {
        @Override
        Test bind(Field field, List<String> arguments) {
            if (ComparableColumn.of(field).domain() == Domain.DATE) {
                return row -> null;
            }
            requireText(field, "date");
            String reason = field.name() + " is not an ISO date (yyyy-mm-dd)";
            return row -> {
                Object value = row.get(field);
                if (value == null) {
                    return null;
                }
                try {
                    LocalDate.parse(value.toString());
                    return null;
                } catch (DateTimeParseException e) {
                    return reason;
                }
            };
        }
    };

    /** A check bound to a column: why a row fails it, or null when it passes. */
    @FunctionalInterface
    interface Test {
        String failure(Struct row);
    }

    private final String keyword;
    private final int minArguments;
    private final int maxArguments;

    Check(String keyword, int minArguments, int maxArguments) {
        this.keyword = keyword;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    public String keyword() {
        return keyword;
    }

    static Check byKeyword(String keyword) {
        for (Check check : values()) {
            if (check.keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                return check;
            }
        }
        return null;
    }

    /** @throws IllegalArgumentException when the number or form of the arguments is wrong */
    void validate(List<String> arguments) {
        if (arguments.size() < minArguments || arguments.size() > maxArguments) {
            throw new IllegalArgumentException(keyword + " takes " + arity() + " after the column, not " + arguments.size());
        }
        checkArguments(arguments);
    }

    void checkArguments(List<String> arguments) {
    }

    private String arity() {
        if (maxArguments == Integer.MAX_VALUE) {
            return "at least " + minArguments + (minArguments == 1 ? " value" : " values");
        }
        return minArguments == 0 ? "no arguments" : minArguments + (minArguments == 1 ? " argument" : " arguments");
    }

    /** @throws IllegalArgumentException when the column's type does not suit the check or an argument */
    abstract Test bind(Field field, List<String> arguments);

    private static ComparableColumn comparable(Field field, String check) {
        ComparableColumn column = ComparableColumn.of(field);
        if (column.domain() == Domain.NONE) {
            throw new IllegalArgumentException(check + " compares values, but column '" + field.name() + "' is "
                    + column.typeName() + ", which does not compare");
        }
        return column;
    }

    private static void requireText(Field field, String check) {
        if (field.schema().type() != Schema.Type.STRING) {
            throw new IllegalArgumentException(check + " checks text, but column '" + field.name() + "' is "
                    + ComparableColumn.of(field).typeName());
        }
    }
}
