package io.sluice.connector.transforms.quality;

import io.sluice.connector.transforms.quality.QualityRule.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses the {@code rules} setting of {@link io.sluice.connector.transforms.Quality}: rules separated by
 * {@code ;} or line breaks, each
 *
 * <pre>
 * name : check ( column [, argument …] ) [: action]
 * </pre>
 *
 * <ul>
 *   <li>{@code name}: letters, digits, {@code _ . -}; unique;</li>
 *   <li>{@code check}: {@code not_null}, {@code range}, {@code regex}, {@code allowed}, {@code max_length},
 *       {@code email}, {@code date} (see {@link Check});</li>
 *   <li>{@code column}: a bare name (letters, digits, {@code _ $}) or {@code "double quoted"};</li>
 *   <li>{@code argument}: bare text up to the next {@code ,} or {@code )} (trimmed; may be empty), or
 *       {@code 'single quoted'} with {@code ''} for a quote — quote regular expressions;</li>
 *   <li>{@code action}: {@code quarantine} (the default), {@code drop} or {@code tag}.</li>
 * </ul>
 * Whitespace between the parts is free. Errors name the position and what was expected there.
 */
public final class RuleParser {

    private final String text;
    private int at;

    private RuleParser(String text) {
        this.text = text;
    }

    /** @throws RuleSyntaxException naming the position and what was expected there */
    public static List<QualityRule> parse(String text) {
        return new RuleParser(text).rules();
    }

    private List<QualityRule> rules() {
        List<QualityRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        skipSeparators();
        while (at < text.length()) {
            QualityRule rule = rule();
            if (!names.add(rule.name())) {
                throw new RuleSyntaxException(rule.position(), "a second rule named '" + rule.name() + "'; rule names"
                        + " must be unique, they say which rule a change broke");
            }
            rules.add(rule);
            skipSpaces();
            if (at < text.length() && !isSeparator(text.charAt(at))) {
                throw expected("';', a line break or the end of the rules");
            }
            skipSeparators();
        }
        if (rules.isEmpty()) {
            throw new RuleSyntaxException(1, "expected at least one rule, e.g. email_valid:email(email):quarantine");
        }
        return List.copyOf(rules);
    }

    private QualityRule rule() {
        int start = at + 1;
        String name = word("a rule name (letters, digits, _ . -)", "_.-");
        expect(':', "':' after the rule name '" + name + "'");
        int checkAt = at;
        String keyword = word("a check: " + keywords(), "_");
        Check check = Check.byKeyword(keyword);
        if (check == null) {
            at = checkAt;
            skipSpaces();
            throw new RuleSyntaxException(at + 1, "unknown check '" + keyword + "'; expected one of " + keywords());
        }
        expect('(', "'(' after " + check.keyword());
        String column = column();
        List<String> arguments = new ArrayList<>();
        while (accept(',')) {
            arguments.add(argument());
        }
        expect(')', arguments.isEmpty() ? "',' or ')' after the column" : "',' or ')' after an argument");
        Action action = Action.QUARANTINE;
        if (accept(':')) {
            int actionAt = at;
            String word = word("an action: quarantine, drop or tag", "_");
            action = actionOf(word, actionAt);
        }
        try {
            check.validate(arguments);
        } catch (IllegalArgumentException e) {
            throw new RuleSyntaxException(start, "rule '" + name + "': " + e.getMessage());
        }
        return new QualityRule(name, check, column, List.copyOf(arguments), action, start);
    }

    private Action actionOf(String word, int position) {
        try {
            return Action.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            at = position;
            skipSpaces();
            throw new RuleSyntaxException(at + 1, "unknown action '" + word + "'; expected quarantine, drop or tag");
        }
    }

    private String column() {
        skipSpaces();
        if (at < text.length() && text.charAt(at) == '"') {
            return quoted('"', "quoted column name");
        }
        return word("a column name", "_$");
    }

    private String argument() {
        skipSpaces();
        if (at < text.length() && text.charAt(at) == '\'') {
            String value = quoted('\'', "text");
            skipSpaces();
            return value;
        }
        int start = at;
        while (at < text.length() && ",)\n;'".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        return text.substring(start, at).trim();
    }

    private String quoted(char quote, String what) {
        int start = at;
        StringBuilder value = new StringBuilder();
        at++;
        while (true) {
            if (at >= text.length()) {
                throw new RuleSyntaxException(start + 1, "expected a closing " + quote + " for the " + what
                        + " that starts here");
            }
            char c = text.charAt(at);
            if (c == quote && at + 1 < text.length() && text.charAt(at + 1) == quote) {
                value.append(quote);
                at += 2;
            } else if (c == quote) {
                at++;
                return value.toString();
            } else {
                value.append(c);
                at++;
            }
        }
    }

    private String word(String expected, String extraCharacters) {
        skipSpaces();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at))
                || extraCharacters.indexOf(text.charAt(at)) >= 0)) {
            at++;
        }
        if (start == at) {
            throw expected(expected);
        }
        return text.substring(start, at);
    }

    private void expect(char c, String expected) {
        if (!accept(c)) {
            throw expected(expected);
        }
    }

    private boolean accept(char c) {
        skipSpaces();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private RuleSyntaxException expected(String expected) {
        skipSpaces();
        String found = at >= text.length() ? "the end of the rules"
                : text.charAt(at) == '\n' ? "a line break" : "'" + text.charAt(at) + "'";
        return new RuleSyntaxException(at + 1, "expected " + expected + " but found " + found);
    }

    /** Spaces and tabs; line breaks separate rules. */
    private void skipSpaces() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\r')) {
            at++;
        }
    }

    private void skipSeparators() {
        while (at < text.length() && (isSeparator(text.charAt(at)) || Character.isWhitespace(text.charAt(at)))) {
            at++;
        }
    }

    private static boolean isSeparator(char c) {
        return c == ';' || c == '\n';
    }

    private static String keywords() {
        return Arrays.stream(Check.values()).map(Check::keyword).collect(Collectors.joining(", "));
    }
}
