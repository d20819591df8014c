package io.sluice.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} and {@code ${file:PATH}} inside a scalar, so that secrets stay out of
 * the pipeline file. Only these two prefixes are references: any other {@code ${...}} (the
 * table-name placeholders {@code ${source}}, {@code ${schema}}, {@code ${table}}) stays as written.
 * Problems name the variable or the path, never a resolved value.
 */
final class ValueResolver {

    private static final String ENV = "${env:";
    private static final String FILE = "${file:";
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;
    private final Path baseDirectory;

    /** @param baseDirectory where a relative {@code ${file:...}} path starts: the pipeline file's folder */
    ValueResolver(Map<String, String> environment, Path baseDirectory) {
        this.environment = Map.copyOf(environment);
        this.baseDirectory = baseDirectory;
    }

    static boolean containsReference(String text) {
        return text.contains(ENV) || text.contains(FILE);
    }

    /**
     * @param problems receives one "what is wrong; how to fix it" text per unresolvable reference
     * @return the text with every reference replaced, or null when any could not be resolved
     */
    String resolve(String text, Consumer<String> problems) {
        if (!containsReference(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean resolved = true;
        int at = 0;
        while (at < text.length()) {
            int env = text.indexOf(ENV, at);
            int file = text.indexOf(FILE, at);
            int start = env < 0 ? file : file < 0 ? env : Math.min(env, file);
            if (start < 0) {
                out.append(text, at, text.length());
                break;
            }
            out.append(text, at, start);
            String prefix = start == env ? ENV : FILE;
            int end = text.indexOf('}', start);
            if (end < 0) {
                problems.accept("unterminated reference \"" + prefix + "...\"; close it with '}'");
                return null;
            }
            String argument = text.substring(start + prefix.length(), end).trim();
            String value = prefix.equals(ENV) ? environmentVariable(argument, problems) : fileContent(argument, problems);
            if (value == null) {
                resolved = false;
            } else {
                out.append(value);
            }
            at = end + 1;
        }
        return resolved ? out.toString() : null;
    }

    private String environmentVariable(String name, Consumer<String> problems) {
        if (name.isEmpty()) {
            problems.accept("empty reference ${env:}; name a variable, e.g. ${env:PG_PASSWORD}");
            return null;
        }
        if (!VARIABLE_NAME.matcher(name).matches()) {
            // Most likely a '}' is missing, e.g. "${env:PREFIX_${table}"; the name itself is not secret.
            problems.accept("\"${env:" + name + "}\" does not name an environment variable (letters, digits and '_'); "
                    + "check the braces, e.g. ${env:PG_HOST}");
            return null;
        }
        String value = environment.get(name);
        if (value == null) {
            problems.accept("environment variable " + name + " is not set; set it, or replace ${env:" + name
                    + "} with a value");
        }
        return value;
    }

    private String fileContent(String pathText, Consumer<String> problems) {
        if (pathText.isEmpty()) {
            problems.accept("empty reference ${file:}; give a path, e.g. ${file:/run/secrets/pg-password}");
            return null;
        }
        Path path;
        try {
            path = baseDirectory.resolve(pathText);
        } catch (InvalidPathException e) {
            problems.accept("${file:" + pathText + "} is not a valid path; fix the path");
            return null;
        }
        try {
            // A secret file written by `echo` or an editor ends in a newline that is not part of the secret.
            return stripTrailingNewlines(Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            problems.accept("cannot read ${file:" + pathText + "}: " + path + " does not exist; create it or fix the path");
        } catch (AccessDeniedException e) {
            problems.accept("cannot read ${file:" + pathText + "}: permission denied on " + path
                    + "; let the Sluice user read it");
        } catch (CharacterCodingException e) {
            problems.accept("cannot read ${file:" + pathText + "}: " + path + " is not UTF-8 text");
        } catch (IOException e) {
            // The exception's own message names only the path and the cause, never the content.
            problems.accept("cannot read ${file:" + pathText + "}: " + path + " ("
                    + e.getClass().getSimpleName() + "); check that it is a readable file");
        }
        return null;
    }

    private static String stripTrailingNewlines(String content) {
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(0, end);
    }
}
