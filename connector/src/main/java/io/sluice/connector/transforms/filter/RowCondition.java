package io.sluice.connector.transforms.filter;

import io.sluice.connector.transforms.filter.Expression.Column;
import io.sluice.connector.transforms.filter.Expression.Literal;
import io.sluice.connector.transforms.filter.Expression.Operand;
import io.sluice.connector.type.ComparableColumn;
import io.sluice.connector.type.ComparableColumn.Domain;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * A condition bound to the columns of one row schema: column names resolved to fields, literals
 * converted once to each column's comparable form ({@link ComparableColumn}), LIKE patterns compiled.
 * Built once per row schema; evaluating it looks up no names and parses nothing.
 *
 * <p>Evaluation follows SQL's three-valued logic: a comparison, IN or LIKE with a null value is
 * unknown; NOT unknown is unknown; {@code false AND unknown} is false and {@code true OR unknown} is
 * true. A row {@link #matches} only when the condition is true. A column the schema does not have reads
 * as null (see {@link #missingColumns()}), so that a condition can name a column a table gains later.
 */
public final class RowCondition {

    private final Node root;
    private final Set<String> missingColumns;

    private RowCondition(Node root, Set<String> missingColumns) {
        this.root = root;
        this.missingColumns = missingColumns;
    }

    /**
     * @throws ExpressionException when the condition does not fit the schema: a literal of the wrong kind
     *                             for its column, columns of different kinds compared, LIKE on a non-text
     *                             column, a non-boolean column standing alone
     */
    public static RowCondition bind(Expression expression, Schema rowSchema) {
        Set<String> missing = new TreeSet<>();
        for (String column : expression.columns()) {
            if (rowSchema.field(column) == null) {
                missing.add(column);
            }
        }
        return new RowCondition(new Binder(rowSchema).bind(expression), Set.copyOf(missing));
    }

    /** True only when the condition holds for {@code row}: false and unknown do not match. */
    public boolean matches(Struct row) {
        return root.test(row) == Boolean.TRUE;
    }

    /** TRUE, FALSE, or null for unknown. */
    public Boolean test(Struct row) {
        return root.test(row);
    }

    /** Columns the condition names that the schema lacks; they read as null. */
    public Set<String> missingColumns() {
        return missingColumns;
    }

    private interface Node {
        Boolean test(Struct row);
    }

    /** A value of a row in comparable form, or null. */
    private interface Value {
        Object read(Struct row);
    }

    /**
     * An operand bound to the schema. {@code domain} is null when it is always null (an absent column,
     * the NULL literal); {@code column} is set for a column of the schema.
     */
    private record Bound(Value value, Domain domain, String description, ComparableColumn column) {
    }

    private static final class Binder {

        private final Schema schema;

        Binder(Schema schema) {
            this.schema = schema;
        }

        Node bind(Expression expression) {
            if (expression instanceof Expression.Or or) {
                return or(bind(or.left()), bind(or.right()));
            }
            if (expression instanceof Expression.And and) {
                return and(bind(and.left()), bind(and.right()));
            }
            if (expression instanceof Expression.Not not) {
                return not(bind(not.operand()));
            }
            if (expression instanceof Expression.Comparison comparison) {
                return comparison(comparison);
            }
            if (expression instanceof Expression.In in) {
                return in(in);
            }
            if (expression instanceof Expression.Like like) {
                return like(like);
            }
            if (expression instanceof Expression.IsNull isNull) {
                return isNull(isNull);
            }
            return truth((Expression.Truth) expression);
        }

        private static Node or(Node left, Node right) {
            return row -> {
                Boolean l = left.test(row);
                if (l == Boolean.TRUE) {
                    return Boolean.TRUE;
                }
                Boolean r = right.test(row);
                return r == Boolean.TRUE ? Boolean.TRUE : l == null || r == null ? null : Boolean.FALSE;
            };
        }

        private static Node and(Node left, Node right) {
            return row -> {
                Boolean l = left.test(row);
                if (l == Boolean.FALSE) {
                    return Boolean.FALSE;
                }
                Boolean r = right.test(row);
                return r == Boolean.FALSE ? Boolean.FALSE : l == null || r == null ? null : Boolean.TRUE;
            };
        }

        private static Node not(Node operand) {
            return row -> {
                Boolean value = operand.test(row);
                return value == null ? null : !value;
            };
        }

        private Node comparison(Expression.Comparison comparison) {
            Operand leftOperand = comparison.left();
            Operand rightOperand = comparison.right();
            Bound left;
            Bound right;
            if (leftOperand instanceof Literal literal && rightOperand instanceof Column column) {
                right = column(column);
                left = literal(literal, right);
            } else {
                left = operand(leftOperand);
                right = rightOperand instanceof Literal literal ? literal(literal, left) : operand(rightOperand);
            }
            if (left.domain != null && right.domain != null && left.domain != right.domain) {
                throw new ExpressionException(comparison.position(), "cannot compare " + left.description + " with "
                        + right.description);
            }
            requireComparable(left, comparison.position());
            Value l = left.value;
            Value r = right.value;
            Expression.Operator operator = comparison.operator();
            return row -> {
                Object a = l.read(row);
                if (a == null) {
                    return null;
                }
                Object b = r.read(row);
                return b == null ? null : operator.holds(ComparableColumn.compare(a, b));
            };
        }

        private Node in(Expression.In in) {
            Bound operand = operand(in.operand());
            requireComparable(operand, in.position());
            List<Object> values = in.values().stream().map(value -> converted(value, operand)).toList();
            boolean negated = in.negated();
            Value read = operand.value;
            return row -> {
                Object value = read.read(row);
                if (value == null) {
                    return null;
                }
                for (Object candidate : values) {
                    if (ComparableColumn.compare(value, candidate) == 0) {
                        return !negated;
                    }
                }
                return negated;
            };
        }

        private Node like(Expression.Like like) {
            Bound operand = operand(like.operand());
            if (operand.domain != null && operand.domain != Domain.TEXT) {
                throw new ExpressionException(like.position(), "LIKE needs text, but " + operand.description
                        + " is not text");
            }
            Pattern pattern = likePattern(like.pattern());
            boolean negated = like.negated();
            Value read = operand.value;
            return row -> {
                Object value = read.read(row);
                return value == null ? null : pattern.matcher((String) value).matches() != negated;
            };
        }

        private Node isNull(Expression.IsNull isNull) {
            Value read = isNull.operand() instanceof Column column ? nullTest(column) : operand(isNull.operand()).value;
            boolean negated = isNull.negated();
            return row -> (read.read(row) == null) != negated;
        }

        /** IS NULL works on every column, bytes and nested ones too, so it reads the raw Connect value. */
        private Value nullTest(Column column) {
            Field field = schema.field(column.name());
            return field == null ? row -> null : row -> row.get(field);
        }

        private Node truth(Expression.Truth truth) {
            Bound operand = operand(truth.operand());
            if (operand.domain != null && operand.domain != Domain.BOOLEAN) {
                throw new ExpressionException(truth.position(), operand.description + " is not a boolean: compare it,"
                        + " e.g. " + truth.operand() + " = ...");
            }
            Value read = operand.value;
            return row -> (Boolean) read.read(row);
        }

        private Bound operand(Operand operand) {
            return operand instanceof Column column ? column(column) : literal((Literal) operand);
        }

        private Bound column(Column column) {
            Field field = schema.field(column.name());
            if (field == null) {
                return new Bound(row -> null, null, "column " + column + " (absent: null)", null);
            }
            ComparableColumn comparable = ComparableColumn.of(field);
            return new Bound(comparable::read, comparable.domain(), "column " + column + " (" + comparable.typeName() + ")",
                    comparable);
        }

        /** A literal on its own: its kind is its Java type. */
        private static Bound literal(Literal literal) {
            Object value = literal.value();
            Domain domain = value instanceof Boolean ? Domain.BOOLEAN : value instanceof String ? Domain.TEXT
                    : value == null ? null : Domain.NUMBER;
            return new Bound(row -> value, domain, "the literal " + literal, null);
        }

        /** A literal compared with {@code other}: converted once to the other column's comparable form. */
        private static Bound literal(Literal literal, Bound other) {
            if (other.column == null) {
                return literal(literal);
            }
            Object value = converted(literal, other);
            return new Bound(row -> value, other.domain, "the literal " + literal, null);
        }

        private static Object converted(Literal literal, Bound other) {
            if (other.column == null) {
                return literal.value();
            }
            try {
                return other.column.literal(literal.value());
            } catch (IllegalArgumentException e) {
                throw new ExpressionException(literal.position(), e.getMessage());
            }
        }

        private void requireComparable(Bound bound, int position) {
            if (bound.domain == Domain.NONE) {
                throw new ExpressionException(position, bound.description + " cannot be compared; only IS NULL and"
                        + " IS NOT NULL apply to it");
            }
        }

        private static Pattern likePattern(String like) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : like.toCharArray()) {
                if (c == '%' || c == '_') {
                    if (!literal.isEmpty()) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '%' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }
}
