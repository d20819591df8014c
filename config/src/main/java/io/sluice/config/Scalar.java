package io.sluice.config;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;

/**
 * One scalar of the pipeline file after its references were resolved, with what is needed to
 * report a bad value: where it is, and whether its value may be shown.
 *
 * @param value   the text after resolving {@code ${env:..}} and {@code ${file:..}}
 * @param written the text as written in the file
 * @param keyPath e.g. {@code sources[0].port}
 * @param mark    where the value starts
 * @param secret  true for keys that hold secrets (passwords, URLs that may carry one)
 */
record Scalar(String value, String written, String keyPath, Mark mark, boolean secret) {

    private static final int SHOWN_LENGTH = 60;

    /**
     * The value as an error message may show it. A value that came through a reference may be a
     * secret (a wrong variable name is a common mistake), so only the reference is shown.
     */
    String shown() {
        if (ValueResolver.containsReference(written)) {
            return quoted(written) + " (its resolved value is not shown)";
        }
        return secret ? "a value that is not shown here because it may be secret" : quoted(value);
    }

    /** Parses the value, or reports what was expected instead and returns empty. */
    <T> Optional<T> parse(ScalarParser<T> parser, ConfigErrors errors) {
        try {
            return Optional.of(parser.parse(value));
        } catch (IllegalArgumentException e) {
            String fix = e instanceof ValueException v && v.fix() != null ? "; " + v.fix() : "";
            errors.at(mark, keyPath, e.getMessage() + ", got " + shown() + fix);
            return Optional.empty();
        }
    }

    private static String quoted(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
        String shortened = oneLine.length() > SHOWN_LENGTH ? oneLine.substring(0, SHOWN_LENGTH) + "..." : oneLine;
        return "\"" + shortened + "\"";
    }
}
