package io.sluice.connector.type;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * How the values of one column compare, with each other and with literals written in a filter
 * condition or a quality rule. Numbers compare numerically whatever their Connect type (INT8 to
 * INT64, FLOAT32/64, DECIMAL, Debezium's variable-scale decimal); text as text (UUIDs and JSON
 * too); booleans with false before true; dates, times and timestamps in time order, against
 * ISO-8601 literals such as {@code '2024-01-31'}, {@code '10:15:30'} or {@code '2024-01-31T10:15:30'}
 * (a zoned timestamp also against {@code '…Z'} or {@code '…+02:00'}; without an offset the literal
 * means UTC). Bytes and nested values do not compare. NaN and infinite floats read as null.
 */
public final class ComparableColumn {

    /** The kinds of values that compare with each other. */
    public enum Domain { NUMBER, TEXT, BOOLEAN, DATE, TIME, TIMESTAMP, INSTANT, NONE }

    private final Field field;
    private final Column column;
    private final Domain domain;

    private ComparableColumn(Field field) {
        this.field = field;
        this.column = Column.of(field.name(), field.schema());
        this.domain = domainOf(column.type().kind(), field.schema());
    }

    public static ComparableColumn of(Field field) {
        return new ComparableColumn(field);
    }

    private static Domain domainOf(ColumnType.Kind kind, Schema schema) {
        return switch (kind) {
            case BOOLEAN -> Domain.BOOLEAN;
            case INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL, NUMERIC -> Domain.NUMBER;
            case TEXT, UUID, INTERVAL -> Domain.TEXT;
            case JSON -> schema.type() == Schema.Type.STRING ? Domain.TEXT : Domain.NONE;
            case DATE -> Domain.DATE;
            case TIME -> Domain.TIME;
            case TIMESTAMP -> Domain.TIMESTAMP;
            case TIMESTAMPTZ -> Domain.INSTANT;
            case BYTES -> Domain.NONE;
        };
    }

    public String name() {
        return field.name();
    }

    public Field field() {
        return field;
    }

    public Domain domain() {
        return domain;
    }

    /** The column's type for messages: {@code INT32}, or {@code STRING (io.debezium.data.Uuid)}. */
    public String typeName() {
        Schema schema = field.schema();
        return schema.name() == null ? schema.type().toString() : schema.type() + " (" + schema.name() + ")";
    }

    /**
     * The column's value in {@code row} in comparable form, or null. A null with a schema default reads
     * as the default, as the warehouse writer reads it.
     */
    public Object read(Struct row) {
        Object value = row.get(field);
        return value == null ? null : comparable(column.convert(value));
    }

    private Object comparable(Object converted) {
        return switch (domain) {
            case NUMBER -> number(converted);
            case TEXT -> converted.toString();
            case INSTANT -> ((OffsetDateTime) converted).toInstant();
            default -> converted;
        };
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof Float f) {
            return Float.isFinite(f) ? new BigDecimal(f.toString()) : null;
        }
        return BigDecimal.valueOf(((Number) value).longValue());
    }

    /**
     * A literal of a condition (a BigDecimal, String or Boolean) as a value of this column.
     *
     * @throws IllegalArgumentException saying what this column takes, when the literal is not that
     */
    public Object literal(Object literal) {
        boolean fits = switch (domain) {
            case NUMBER -> literal instanceof BigDecimal;
            case BOOLEAN -> literal instanceof Boolean;
            case TEXT, DATE, TIME, TIMESTAMP, INSTANT -> literal instanceof String;
            case NONE -> false;
        };
        if (!fits) {
            throw new IllegalArgumentException(mismatch(literal instanceof String text ? "'" + text + "'" : String.valueOf(literal)));
        }
        return literal instanceof String text ? parse(text) : literal;
    }

    /**
     * Text written in a rule as a value of this column.
     *
     * @throws IllegalArgumentException saying what this column takes, when the text is not that
     */
    public Object parse(String text) {
        try {
            return switch (domain) {
                case NUMBER -> new BigDecimal(text.trim());
                case TEXT -> text;
                case BOOLEAN -> parseBoolean(text);
                case DATE -> LocalDate.parse(text.trim());
                case TIME -> LocalTime.parse(text.trim());
                case TIMESTAMP -> localDateTime(text.trim());
                case INSTANT -> instant(text.trim());
                case NONE -> throw new IllegalArgumentException();
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(mismatch("'" + text + "'"), e);
        }
    }

    private String mismatch(String literal) {
        return "column '" + name() + "' is " + typeName() + " and takes " + expected() + "; " + literal + " is not one";
    }

    /** What a literal for this column looks like, for messages. */
    public String expected() {
        return switch (domain) {
            case NUMBER -> "numbers, such as 42 or -1.5";
            case TEXT -> "text in single quotes";
            case BOOLEAN -> "true or false";
            case DATE -> "ISO dates in quotes, such as '2024-01-31'";
            case TIME -> "ISO times in quotes, such as '10:15:30'";
            case TIMESTAMP -> "ISO date-times in quotes, such as '2024-01-31T10:15:30' or '2024-01-31'";
            case INSTANT -> "ISO instants in quotes, such as '2024-01-31T10:15:30Z' (UTC when no offset)";
            case NONE -> "no values (only IS NULL and IS NOT NULL apply)";
        };
    }

    private static Boolean parseBoolean(String text) {
        if (text.trim().equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.trim().equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException();
    }

    private static LocalDateTime localDateTime(String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text.replace(' ', 'T'));
    }

    private static Object instant(String text) {
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            return localDateTime(text).toInstant(ZoneOffset.UTC);
        }
    }

    /** Compares two non-null values of the same domain. */
    @SuppressWarnings("unchecked")
    public static int compare(Object left, Object right) {
        return ((Comparable<Object>) left).compareTo(right);
    }
}
