package io.sluice.connector.transforms.filter;

import io.sluice.connector.transforms.filter.Expression.Column;
import io.sluice.connector.transforms.filter.Expression.Literal;
import io.sluice.connector.transforms.filter.Expression.Operand;
import io.sluice.connector.transforms.filter.Expression.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a filter condition, once, into an {@link Expression}. A hand-written lexer and recursive-descent
 * parser over this grammar (keywords in any case):
 *
 * <pre>
 * condition  = or EOF
 * or         = and { OR and }
 * and        = not { AND not }
 * not        = NOT not | predicate
 * predicate  = "(" or ")"
 *            | operand ( compare operand
 *                      | [NOT] IN "(" literal { "," literal } ")"
 *                      | [NOT] LIKE string
 *                      | IS [NOT] NULL
 *                      | (nothing: a boolean operand) )
 * compare    = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * operand    = column | literal
 * column     = name | '"' any text, "" for a quote '"'
 * literal    = ["-"] digits ["." digits] | "'" any text, '' for a quote "'" | TRUE | FALSE | NULL
 * </pre>
 *
 * So NOT binds tighter than AND, and AND tighter than OR; comparisons bind tightest. A NULL literal may
 * not be compared or listed (it never matches): {@code IS NULL} says what is meant.
 */
public final class ExpressionParser {

    static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "TRUE", "FALSE");

    private enum Kind { NAME, QUOTED_NAME, NUMBER, STRING, OPERATOR, LEFT, RIGHT, COMMA, MINUS, KEYWORD, END }

    private record Token(Kind kind, String text, Object value, int position) {
        boolean is(String keyword) {
            return kind == Kind.KEYWORD && text.equals(keyword);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the condition";
                case STRING -> "text " + Literal.quote((String) value);
                case KEYWORD -> text;
                default -> "'" + text + "'";
            };
        }
    }

    private final List<Token> tokens;
    private int next;

    private ExpressionParser(String text) {
        this.tokens = tokenize(text);
    }

    /** @throws ExpressionException naming the position and what was expected there */
    public static Expression parse(String text) {
        ExpressionParser parser = new ExpressionParser(text);
        Expression expression = parser.or();
        parser.expect(Kind.END, "AND, OR or the end of the condition");
        return expression;
    }

    private Expression or() {
        Expression left = and();
        while (peek().is("OR")) {
            next++;
            left = new Expression.Or(left, and());
        }
        return left;
    }

    private Expression and() {
        Expression left = not();
        while (peek().is("AND")) {
            next++;
            left = new Expression.And(left, not());
        }
        return left;
    }

    private Expression not() {
        if (peek().is("NOT")) {
            next++;
            return new Expression.Not(not());
        }
        return predicate();
    }

    private Expression predicate() {
        if (peek().kind == Kind.LEFT) {
            next++;
            Expression inner = or();
            expect(Kind.RIGHT, "')'");
            return inner;
        }
        Operand left = operand("a column, a value, NOT or '('");
        Token token = peek();
        if (token.kind == Kind.OPERATOR) {
            next++;
            return comparison(left, token);
        }
        if (token.is("IS")) {
            next++;
            boolean negated = accept("NOT");
            expectKeyword("NULL", negated ? "NULL" : "NULL or NOT NULL");
            return new Expression.IsNull(left, negated, token.position);
        }
        boolean negated = false;
        if (token.is("NOT")) {
            next++;
            negated = true;
            if (!peek().is("IN") && !peek().is("LIKE")) {
                throw expected("IN or LIKE after NOT", peek());
            }
        }
        if (peek().is("IN")) {
            next++;
            return in(left, negated, token.position);
        }
        if (peek().is("LIKE")) {
            next++;
            Token pattern = expect(Kind.STRING, "a text in single quotes after LIKE");
            return new Expression.Like(left, (String) pattern.value, negated, token.position);
        }
        return new Expression.Truth(left, left.position());
    }

    private Expression comparison(Operand left, Token operator) {
        Operand right = operand("a column or a value after " + operator.text);
        for (Operand side : List.of(left, right)) {
            if (side instanceof Literal literal && literal.value() == null) {
                throw new ExpressionException(side.position(), "a comparison with NULL never holds; write"
                        + " IS NULL or IS NOT NULL");
            }
        }
        return new Expression.Comparison(left, operatorOf(operator.text), right, operator.position);
    }

    private Expression in(Operand operand, boolean negated, int position) {
        expect(Kind.LEFT, "'(' after IN");
        List<Literal> values = new ArrayList<>();
        do {
            Operand value = operand("a value in the IN list");
            if (!(value instanceof Literal literal) || literal.value() == null) {
                throw new ExpressionException(value.position(), value instanceof Literal
                        ? "NULL never matches in an IN list; add OR ... IS NULL"
                        : "expected a value (number, text, true or false) in the IN list but found column " + value);
            }
            values.add(literal);
        } while (accept(Kind.COMMA));
        expect(Kind.RIGHT, "',' or ')' in the IN list");
        return new Expression.In(operand, List.copyOf(values), negated, position);
    }

    private Operand operand(String expected) {
        Token token = peek();
        switch (token.kind) {
            case NAME, QUOTED_NAME -> {
                next++;
                return new Column((String) token.value, token.position);
            }
            case NUMBER, STRING -> {
                next++;
                return new Literal(token.value, token.position);
            }
            case MINUS -> {
                next++;
                Token number = expect(Kind.NUMBER, "a number after '-'");
                return new Literal(((BigDecimal) number.value).negate(), token.position);
            }
            case KEYWORD -> {
                if (token.is("TRUE") || token.is("FALSE") || token.is("NULL")) {
                    next++;
                    return new Literal(token.is("NULL") ? null : Boolean.valueOf(token.is("TRUE")), token.position);
                }
                throw expected(expected, token);
            }
            default -> throw expected(expected, token);
        }
    }

    private static Operator operatorOf(String symbol) {
        return switch (symbol) {
            case "=" -> Operator.EQ;
            case "!=", "<>" -> Operator.NE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            default -> Operator.GE;
        };
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean accept(String keyword) {
        if (peek().is(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean accept(Kind kind) {
        if (peek().kind == kind) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind, String expected) {
        Token token = peek();
        if (token.kind != kind) {
            throw expected(expected, token);
        }
        next++;
        return token;
    }

    private void expectKeyword(String keyword, String expected) {
        if (!accept(keyword)) {
            throw expected(expected, peek());
        }
    }

    private static ExpressionException expected(String expected, Token found) {
        return new ExpressionException(found.position, "expected " + expected + " but found " + found.describe());
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int position = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_'
                        || text.charAt(end) == '$')) {
                    end++;
                }
                String word = text.substring(i, end);
                String upper = word.toUpperCase(Locale.ROOT);
                tokens.add(KEYWORDS.contains(upper)
                        ? new Token(Kind.KEYWORD, upper, null, position)
                        : new Token(Kind.NAME, word, word, position));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                if (end + 1 < text.length() && text.charAt(end) == '.' && Character.isDigit(text.charAt(end + 1))) {
                    end++;
                    while (end < text.length() && Character.isDigit(text.charAt(end))) {
                        end++;
                    }
                }
                String number = text.substring(i, end);
                tokens.add(new Token(Kind.NUMBER, number, new BigDecimal(number), position));
                i = end;
            } else if (c == '\'' || c == '"') {
                int end = i + 1;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (end >= text.length()) {
                        throw new ExpressionException(position, "expected a closing " + c + " for the "
                                + (c == '\'' ? "text" : "quoted column name") + " that starts here");
                    }
                    char d = text.charAt(end);
                    if (d == c && end + 1 < text.length() && text.charAt(end + 1) == c) {
                        value.append(c);
                        end += 2;
                    } else if (d == c) {
                        end++;
                        break;
                    } else {
                        value.append(d);
                        end++;
                    }
                }
                tokens.add(c == '\''
                        ? new Token(Kind.STRING, text.substring(i, end), value.toString(), position)
                        : new Token(Kind.QUOTED_NAME, text.substring(i, end), value.toString(), position));
                i = end;
            } else if (c == '(' || c == ')' || c == ',' || c == '-') {
                Kind kind = c == '(' ? Kind.LEFT : c == ')' ? Kind.RIGHT : c == ',' ? Kind.COMMA : Kind.MINUS;
                tokens.add(new Token(kind, String.valueOf(c), null, position));
                i++;
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                String operator = switch (two) {
                    case "<=", ">=", "<>", "!=" -> two;
                    default -> String.valueOf(c);
                };
                if (operator.equals("!")) {
                    throw new ExpressionException(position, "expected '!=' but found '!'");
                }
                tokens.add(new Token(Kind.OPERATOR, operator, null, position));
                i += operator.length();
            } else {
                throw new ExpressionException(position, "expected a column, a value, an operator, '(' or ')' but found"
                        + " '" + c + "'");
            }
        }
        tokens.add(new Token(Kind.END, "", null, text.length() + 1));
        return tokens;
    }
}
