package io.sluice.connector.transforms.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.transforms.quality.QualityRule.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleParserTest {

    @Test
    void parsesTheCompactFormWithDefaultsAndQuotes() {
        List<QualityRule> rules = RuleParser.parse("email_valid:email(email):quarantine;amount_range:range(amount,0,10000):tag;"
                + " status_known : allowed( status , new, in progress , 'O''Brien' ) : DROP ;"
                + "sku_format:regex(sku, '^[A-Z]{3}-\\d+$|(;,)');age:range(\"Age (years)\", , 120)");

        assertThat(rules).extracting(QualityRule::name)
                .containsExactly("email_valid", "amount_range", "status_known", "sku_format", "age");
        assertThat(rules).extracting(QualityRule::action)
                .containsExactly(Action.QUARANTINE, Action.TAG, Action.DROP, Action.QUARANTINE, Action.QUARANTINE);
        assertThat(rules.get(1).arguments()).containsExactly("0", "10000");
        assertThat(rules.get(2).column()).isEqualTo("status");
        assertThat(rules.get(2).arguments()).containsExactly("new", "in progress", "O'Brien");
        assertThat(rules.get(3).arguments()).containsExactly("^[A-Z]{3}-\\d+$|(;,)");
        assertThat(rules.get(4).column()).isEqualTo("Age (years)");
        assertThat(rules.get(4).arguments()).containsExactly("", "120");
        assertThat(rules.get(2).position()).isEqualTo(77);
    }

    @Test
    void acceptsOneRulePerLine_asInAYamlBlockScalar() {
        List<QualityRule> rules = RuleParser.parse("""
                email_valid: email(email)

                amount_range: range(amount, 0, 10000): tag
                name_short: max_length(name, 100): drop;
                """);

        assertThat(rules).extracting(QualityRule::toString).containsExactly(
                "email_valid:email(email):quarantine",
                "amount_range:range(amount, '0', '10000'):tag",
                "name_short:max_length(name, '100'):drop");
    }

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                  | at position 1: expected at least one rule, e.g. email_valid:email(email):quarantine
            e:email(email);e:not_null(id)       | at position 16: a second rule named 'e'; rule names must be unique
            email(email)                        | at position 6: expected ':' after the rule name 'email' but found '('
            e:emial(email)                      | at position 3: unknown check 'emial'; expected one of not_null, range, regex, allowed, max_length, email, date
            e:email email                       | at position 9: expected '(' after email but found 'e'
            e:email()                           | at position 9: expected a column name but found ')'
            e:email(email                       | at position 14: expected ',' or ')' after the column but found the end of the rules
            e:email(email):quarantined          | at position 16: unknown action 'quarantined'; expected quarantine, drop or tag
            e:email(email) x:not_null(id)       | at position 16: expected ';', a line break or the end of the rules but found 'x'
            e:email(email, 1)                   | at position 1: rule 'e': email takes no arguments after the column, not 1
            r:range(amount, 0)                  | at position 1: rule 'r': range takes 2 arguments after the column, not 1
            r:range(amount, , )                 | at position 1: rule 'r': range needs a minimum, a maximum or both
            a:allowed(status)                   | at position 1: rule 'a': allowed takes at least 1 value after the column, not 0
            m:max_length(name, ten)             | at position 1: rule 'm': max_length needs a whole number of characters, not 'ten'
            x:regex(sku, '[A-Z')                | at position 1: rule 'x': '[A-Z' is not a valid regular expression
            x:regex(sku, '[A-Z]                 | at position 14: expected a closing ' for the text that starts here
            x:regex(sku, O'Brien)               | at position 15: expected ',' or ')' after an argument but found '''
            ok:not_null(id);;bad:range(a,1      | at position 31: expected ',' or ')' after an argument but found the end of the rules
            """)
    void failsNamingThePositionAndWhatWasExpected(String rules, String message) {
        assertThatThrownBy(() -> RuleParser.parse(rules))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessageStartingWith(message);
    }
}
