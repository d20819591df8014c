package io.sluice.config;

import java.nio.file.Path;

/**
 * One problem in a pipeline file, placed so that an editor can jump to it. Its text never holds the
 * value of a secret.
 *
 * @param file    the pipeline file as given to the loader
 * @param line    1-based line; 0 when the problem is the file itself (not found, unreadable)
 * @param column  1-based column; 0 when line is 0
 * @param keyPath where in the document, e.g. {@code sources[0].port}; empty for YAML syntax errors
 * @param message what is wrong and how to fix it
 */
public record ConfigError(Path file, int line, int column, String keyPath, String message) {

    /** {@code file:LINE:COL: key.path: message}, the form compilers use, so terminals and IDEs link it. */
    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file.toString();
        return keyPath.isEmpty() ? where + ": " + message : where + ": " + keyPath + ": " + message;
    }
}
