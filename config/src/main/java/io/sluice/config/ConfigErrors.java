package io.sluice.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/** Collects the problems of one file, so that one run reports all of them instead of the first. */
final class ConfigErrors {

    private final Path file;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigErrors(Path file) {
        this.file = file;
    }

    /** A problem at a place in the document; SnakeYAML marks count from 0, editors from 1. */
    void at(Mark mark, String keyPath, String message) {
        errors.add(new ConfigError(file, mark.getLine() + 1, mark.getColumn() + 1, keyPath, message));
    }

    /** A problem with the file as a whole, before there is a document to point into. */
    void atFile(String keyPath, String message) {
        errors.add(new ConfigError(file, 0, 0, keyPath, message));
    }

    int count() {
        return errors.size();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            // Binding visits keys in schema order and reports missing keys at their parent; sorting
            // (stably) gives the reader the file top to bottom.
            List<ConfigError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
            throw new ConfigException(sorted);
        }
    }
}
