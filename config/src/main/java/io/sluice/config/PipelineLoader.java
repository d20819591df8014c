package io.sluice.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.UnicodeReader;

/**
 * Reads a pipeline file into a {@link PipelineConfig}. The YAML is read as nodes, not objects, and
 * bound by hand: that keeps each value's line and column, so every problem can be reported where
 * it is, and all problems of a file are reported together in one {@link ConfigException}.
 */
public final class PipelineLoader {

    private PipelineLoader() {
    }

    /** Loads the file, resolving {@code ${env:NAME}} from this process's environment. */
    public static PipelineConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads the file, resolving {@code ${env:NAME}} from {@code environment} and relative
     * {@code ${file:PATH}} against the file's folder.
     *
     * @throws ConfigException listing every problem found, each with file, line, column and key
     */
    public static PipelineConfig load(Path file, Map<String, String> environment) {
        ConfigErrors errors = new ConfigErrors(file);
        Node root = parse(file, errors);
        errors.throwIfAny();
        ValueResolver resolver = new ValueResolver(environment, file.toAbsolutePath().getParent());
        PipelineConfig config = PipelineBinder.bind(root, file, new Binding(errors, resolver));
        errors.throwIfAny();
        return config;
    }

    /** The document's root node; null for an empty file or when a problem was reported. */
    private static Node parse(Path file, ConfigErrors errors) {
        if (!Files.exists(file)) {
            errors.atFile("file", "not found (looked for " + file.toAbsolutePath() + "); check the path");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            errors.atFile("file", "is not a regular file (" + file.toAbsolutePath() + "); give the path of a .yaml file");
            return null;
        }
        // UnicodeReader honours a byte-order mark, which some Windows editors write.
        try (Reader reader = new UnicodeReader(Files.newInputStream(file))) {
            return new Yaml().compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = "YAML syntax error: " + e.getProblem() + context(e)
                    + "; fix the syntax here, checking indentation, ':' after keys and closing quotes";
            if (mark != null) {
                errors.at(mark, "", message);
            } else {
                errors.atFile("", message);
            }
        } catch (YAMLException e) {
            errors.atFile("file", "cannot be read as YAML: " + e.getMessage() + "; save it as UTF-8 text");
        } catch (IOException e) {
            errors.atFile("file", "cannot be read (" + e.getClass().getSimpleName() + "); check its permissions");
        }
        return null;
    }

    /** Where the construct began, e.g. the opening quote that was never closed: often the real mistake. */
    private static String context(MarkedYAMLException e) {
        if (e.getContext() == null) {
            return "";
        }
        Mark start = e.getContextMark();
        return start == null
                ? " (" + e.getContext() + ")"
                : " (" + e.getContext() + " that starts at line " + (start.getLine() + 1)
                        + ", column " + (start.getColumn() + 1) + ")";
    }
}
