package io.sluice.connector.transforms.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The language's syntax: what each condition parses to (fully parenthesised), and where parsing fails. */
class ExpressionParserTest {

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            a = 1                                  | a = 1
            a != 1                                 | a <> 1
            a<>1                                   | a <> 1
            a<=-2.50                               | a <= -2.50
            1 < a                                  | 1 < a
            name = 'O''Brien'                      | name = 'O''Brien'
            a = 1 OR b = 2 AND c = 3               | (a = 1 OR (b = 2 AND c = 3))
            a = 1 AND b = 2 OR c = 3               | ((a = 1 AND b = 2) OR c = 3)
            (a = 1 OR b = 2) AND c = 3             | ((a = 1 OR b = 2) AND c = 3)
            NOT a = 1 AND b = 2                    | ((NOT a = 1) AND b = 2)
            NOT (a = 1 AND b = 2)                  | (NOT (a = 1 AND b = 2))
            NOT NOT active                         | (NOT (NOT active))
            a = 1 OR b = 2 OR c = 3                | ((a = 1 OR b = 2) OR c = 3)
            a = 1 AND NOT b = 2 OR NOT c = 3       | ((a = 1 AND (NOT b = 2)) OR (NOT c = 3))
            status in ('a', 'b')                   | status IN ('a', 'b')
            status NOT IN (1, -2, 3.5)             | status NOT IN (1, -2, 3.5)
            email like '%@example.com'             | email LIKE '%@example.com'
            email NOT LIKE 'a_c'                   | email NOT LIKE 'a_c'
            deleted_at IS NULL                     | deleted_at IS NULL
            deleted_at is not null                 | deleted_at IS NOT NULL
            active                                 | active
            active = TRUE and archived = false     | (active = TRUE AND archived = FALSE)
            `"Order Total" > 10`                   | `"Order Total" > 10`
            `"select" = 'x'`                       | select = 'x'
            `"in" = 'x' AND "Is" = 1`              | `("in" = 'x' AND "Is" = 1)`
            `"say ""hi""\" = 'x'`                  | `"say ""hi""\" = 'x'`
            a = b                                  | a = b
            x IS NULL OR x IN (1) AND NOT y LIKE 'q%' | (x IS NULL OR (x IN (1) AND (NOT y LIKE 'q%')))
            """)
    void parsesWithSqlPrecedence(String condition, String parsed) {
        assertThat(ExpressionParser.parse(condition).toString()).isEqualTo(parsed);
    }

    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                          | at position 1: expected a column, a value, NOT or '(' but found the end of the condition
            a =                         | at position 4: expected a column or a value after = but found the end of the condition
            a = 1 b = 2                 | at position 7: expected AND, OR or the end of the condition but found 'b'
            (a = 1                      | at position 7: expected ')' but found the end of the condition
            a = 1)                      | at position 6: expected AND, OR or the end of the condition but found ')'
            a IN 1                      | at position 6: expected '(' after IN but found '1'
            a IN (1,)                   | at position 9: expected a value in the IN list but found ')'
            a IN (1 2)                  | at position 9: expected ',' or ')' in the IN list but found '2'
            a IN (b)                    | at position 7: expected a value (number, text, true or false) in the IN list but found column b
            a IN (1, NULL)              | at position 10: NULL never matches in an IN list; add OR ... IS NULL
            a NOT 1                     | at position 7: expected IN or LIKE after NOT but found '1'
            a LIKE b                    | at position 8: expected a text in single quotes after LIKE but found 'b'
            a IS 1                      | at position 6: expected NULL or NOT NULL but found '1'
            a IS NOT TRUE               | at position 10: expected NULL but found TRUE
            a = NULL                    | at position 5: a comparison with NULL never holds; write IS NULL or IS NOT NULL
            NULL <> a                   | at position 1: a comparison with NULL never holds; write IS NULL or IS NOT NULL
            a = 'open                   | at position 5: expected a closing ' for the text that starts here
            `"a = 1`                    | at position 1: expected a closing " for the quoted column name that starts here
            a ! 1                       | at position 3: expected '!=' but found '!'
            a = 1 AND                   | at position 10: expected a column, a value, NOT or '(' but found the end of the condition
            a = 1 AND OR b = 2          | at position 11: expected a column, a value, NOT or '(' but found OR
            a = -b                      | at position 6: expected a number after '-' but found 'b'
            a = 1 ; DROP TABLE x        | at position 7: expected a column, a value, an operator, '(' or ')' but found ';'
            a == 1                      | at position 4: expected a column or a value after = but found '='
            """)
    void failsNamingThePositionAndWhatWasExpected(String condition, String message) {
        assertThatThrownBy(() -> ExpressionParser.parse(condition))
                .isInstanceOf(ExpressionException.class)
                .hasMessage(message);
    }
}
