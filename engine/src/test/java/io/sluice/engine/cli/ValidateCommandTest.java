package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Given a corpus of broken pipeline files, {@code sluice validate} exits 2 and reports every problem of a
 * file at once, each line starting with FILE:LINE:COLUMN and naming the key, what is wrong and the fix.
 */
class ValidateCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "syntax.yaml         | 8:1: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that starts at line 5, column 11)",
        "unknown-key.yaml    | 3:5: sources[0].tables: missing required key; list the tables to capture",
        "unknown-key.yaml    | 8:5: sources[0].tabels: unknown key; did you mean 'tables'?",
        "wrong-type.yaml     | 6:11: sources[0].port: expected an integer 1..65535, got \"lots\"",
        "wrong-type.yaml     | 14:12: flush.max-age: expected a duration",
        "missing-secret.yaml | 7:15: sources[0].password: environment variable SLUICE_VALIDATE_TEST_UNSET is not set;",
        "missing-secret.yaml | 13:13: warehouse.password: cannot read ${file:no-such-secret.txt}",
        "bad-pattern.yaml    | 14:5: governance[1] (mask): ",
    })
    void eachProblemIsReportedWithFileLineAndColumnAndExitsTwo(String name, String expected) throws Exception {
        Path file = fixture(name);

        Result result = validate(file);

        assertThat(result.exit).isEqualTo(2);
        assertThat(result.err).contains(file + ":" + expected);
        List<String> problems = result.err.lines().filter(line -> !line.startsWith("INVALID")).toList();
        assertThat(problems).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
                java.util.regex.Pattern.quote(file.toString()) + ":\\d+:\\d+: .+"));
        assertThat(result.err).contains("INVALID " + file);
    }

    @Test
    void allProblemsOfAFileAreReportedInOneRun() throws Exception {
        Result result = validate(fixture("wrong-type.yaml"));

        assertThat(result.err.lines().filter(line -> !line.startsWith("INVALID"))).hasSize(2);
        assertThat(result.err).contains("INVALID").contains(": 2 problems");
    }

    @Test
    void aBadRegularExpressionInAGovernanceRuleIsReportedAsTheTransformSaysIt() throws Exception {
        Result result = validate(fixture("bad-pattern.yaml"));

        assertThat(result.err).contains("governance[1] (mask)").contains("public\\.(customers");
    }

    @Test
    void aValidFileIsSummarisedAndExitsZero() throws Exception {
        Path file = fixture("valid.yaml");

        Result result = validate(file);

        assertThat(result.exit).as(result.err).isZero();
        assertThat(result.out).startsWith("OK " + file + ": pipeline 'shop', 1 source(s) (shop), 1 table(s),"
                + " 1 governance rule(s), duckdb warehouse, serves on http://127.0.0.1:0");
        assertThat(result.out + result.err).doesNotContain("not-a-real-key");
    }

    @Test
    void versionNamesSluiceAndJava() {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new SluiceCommand()).setOut(new PrintWriter(out)).execute("version");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("sluice ").contains("Java " + Runtime.version().feature());
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result validate(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SluiceCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("validate", file.toString());
        return new Result(exit, out.toString(), err.toString());
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(ValidateCommandTest.class.getResource("/validate/" + name).toURI());
    }
}
