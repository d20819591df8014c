package io.sluice.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Given a broken pipeline file, when {@code sluice run} reads it, then it exits 2 with a message that
 * names the file, the line and column, the key, and what is wrong.
 */
class ConfigErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown-key.yaml    | unknown-key.yaml:8:5: sources[0].tabels: unknown key | did you mean 'tables'?",
        "wrong-type.yaml     | wrong-type.yaml:6:11: sources[0].port: expected an integer 1..65535, got \"lots\" | ",
        "missing-source.yaml | missing-source.yaml:1:1: sources: missing | ",
        "syntax-error.yaml   | syntax-error.yaml:5: | ",
    })
    void aBrokenFileIsReportedWithFileLineAndKeyAndExitsTwo(String name, String expected, String hint) throws Exception {
        Path file = Path.of(ConfigErrorsTest.class.getResource("/broken/" + name).toURI());
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new SluiceCommand()).setErr(new PrintWriter(err)).execute("run", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(file.getParent().resolve(expected.substring(0, expected.indexOf(':'))).toString()
                + expected.substring(expected.indexOf(':')));
        if (hint != null) {
            assertThat(err.toString()).contains(hint);
        }
    }

    @org.junit.jupiter.api.Test
    void aMissingFileIsNamed() throws URISyntaxException {
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new SluiceCommand()).setErr(new PrintWriter(err)).execute("run", "/no/such/pipeline.yaml");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("/no/such/pipeline.yaml").contains("not found");
    }
}
