package io.sluice.connector.transforms.filter;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A parsed filter condition: the syntax tree {@link ExpressionParser} builds once per configuration.
 * {@link #toString()} prints it fully parenthesised, which shows how precedence grouped it.
 * Positions are 1-based character offsets into the condition text, for messages.
 */
public sealed interface Expression {

    /** Column names this expression reads. */
    default Set<String> columns() {
        return Set.of();
    }

    record Or(Expression left, Expression right) implements Expression {
        @Override
        public Set<String> columns() {
            return union(left.columns(), right.columns());
        }

        @Override
        public String toString() {
            return "(" + left + " OR " + right + ")";
        }
    }

    record And(Expression left, Expression right) implements Expression {
        @Override
        public Set<String> columns() {
            return union(left.columns(), right.columns());
        }

        @Override
        public String toString() {
            return "(" + left + " AND " + right + ")";
        }
    }

    record Not(Expression operand) implements Expression {
        @Override
        public Set<String> columns() {
            return operand.columns();
        }

        @Override
        public String toString() {
            return "(NOT " + operand + ")";
        }
    }

    record Comparison(Operand left, Operator operator, Operand right, int position) implements Expression {
        @Override
        public Set<String> columns() {
            return union(left.columns(), right.columns());
        }

        @Override
        public String toString() {
            return left + " " + operator.symbol + " " + right;
        }
    }

    record In(Operand operand, List<Literal> values, boolean negated, int position) implements Expression {
        @Override
        public Set<String> columns() {
            return operand.columns();
        }

        @Override
        public String toString() {
            return operand + (negated ? " NOT IN (" : " IN (")
                    + values.stream().map(Literal::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    record Like(Operand operand, String pattern, boolean negated, int position) implements Expression {
        @Override
        public Set<String> columns() {
            return operand.columns();
        }

        @Override
        public String toString() {
            return operand + (negated ? " NOT LIKE " : " LIKE ") + Literal.quote(pattern);
        }
    }

    record IsNull(Operand operand, boolean negated, int position) implements Expression {
        @Override
        public Set<String> columns() {
            return operand.columns();
        }

        @Override
        public String toString() {
            return operand + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** An operand standing alone as a condition: a boolean column or literal. */
    record Truth(Operand operand, int position) implements Expression {
        @Override
        public Set<String> columns() {
            return operand.columns();
        }

        @Override
        public String toString() {
            return operand.toString();
        }
    }

    /** What a comparison compares: a column or a literal. */
    sealed interface Operand {
        int position();

        default Set<String> columns() {
            return Set.of();
        }
    }

    record Column(String name, int position) implements Operand {
        @Override
        public Set<String> columns() {
            return Set.of(name);
        }

        @Override
        public String toString() {
            boolean bare = name.matches("[A-Za-z_][A-Za-z0-9_$]*")
                    && !ExpressionParser.KEYWORDS.contains(name.toUpperCase(Locale.ROOT));
            return bare ? name : "\"" + name.replace("\"", "\"\"") + "\"";
        }
    }

    /** A number (BigDecimal), a text (String), true or false (Boolean), or null. */
    record Literal(Object value, int position) implements Operand {
        @Override
        public String toString() {
            if (value == null) {
                return "NULL";
            }
            if (value instanceof BigDecimal number) {
                return number.toPlainString();
            }
            if (value instanceof Boolean truth) {
                return truth ? "TRUE" : "FALSE";
            }
            return quote((String) value);
        }

        static String quote(String text) {
            return "'" + text.replace("'", "''") + "'";
        }
    }

    enum Operator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }
    }

    private static Set<String> union(Set<String> left, Set<String> right) {
        if (left.isEmpty()) {
            return right;
        }
        if (right.isEmpty()) {
            return left;
        }
        return java.util.stream.Stream.concat(left.stream(), right.stream()).collect(Collectors.toUnmodifiableSet());
    }
}
