package io.sluice.engine.scan.values;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person's name, recognized with the small lists in {@code person-names.txt}:
 * <ul>
 *   <li>a Chinese name: two to four Han characters (a {@code ·} may separate the parts of a
 *       transliterated name) that start with a common surname, single ({@code 王}) or compound
 *       ({@code 欧阳});</li>
 *   <li>one word that is a listed given name or surname ({@code Maria}, {@code Müller}), as in a
 *       first-name or last-name column;</li>
 *   <li>two to four words of letters (and {@code ' - .}) with a listed given name among them
 *       ({@code John Smith}, {@code Wang Wei}, {@code Smith, John}), or two listed surnames
 *       ({@code García López}). One listed surname beside another word is not enough: {@code Green Tea}
 *       and {@code White Mug} are products. Particles ({@code de}, {@code van}, {@code von}, ...) are
 *       passed over.</li>
 * </ul>
 */
public final class PersonName {

    private static final String RESOURCE = "person-names.txt";
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’.-]*");
    private static final Pattern HAN_NAME = Pattern.compile("[\\p{IsHan}·]{2,6}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Set<String> PARTICLES = Set.of("de", "del", "della", "der", "den", "di", "da", "do", "dos",
            "du", "la", "le", "van", "von", "ter", "ten", "y", "zu");

    private static final Lists LISTS = Lists.load();

    private PersonName() {
    }

    public static Verdict check(String value) {
        if (value.length() > 60) {
            return Verdict.NO_MATCH;
        }
        if (HAN_NAME.matcher(value).matches()) {
            return chineseName(value) ? Verdict.VALID : Verdict.NO_MATCH;
        }
        String[] words = SEPARATORS.split(value);
        if (words.length == 0 || words.length > 4 + particles(words)) {
            return Verdict.NO_MATCH;
        }
        int given = 0;
        int family = 0;
        for (String word : words) {
            if (!WORD.matcher(word).matches()) {
                return Verdict.NO_MATCH;
            }
            String name = stripFinalDot(word.toLowerCase(Locale.ROOT));
            given += LISTS.given.contains(name) ? 1 : 0;
            family += LISTS.family.contains(name) ? 1 : 0;
        }
        boolean name = words.length == 1 ? given + family > 0 : given > 0 || family >= 2;
        return name ? Verdict.VALID : Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    private static boolean chineseName(String value) {
        String name = value.replace("·", "");
        int length = name.codePointCount(0, name.length());
        if (length < 2 || length > 4) {
            return false;
        }
        return LISTS.chineseSurnames.contains(name.substring(0, name.offsetByCodePoints(0, 1)))
                || LISTS.chineseSurnames.contains(name.substring(0, name.offsetByCodePoints(0, 2)));
    }

    private static int particles(String[] words) {
        int count = 0;
        for (String word : words) {
            count += PARTICLES.contains(word.toLowerCase(Locale.ROOT)) ? 1 : 0;
        }
        return count;
    }

    private static String stripFinalDot(String word) {
        return word.endsWith(".") ? word.substring(0, word.length() - 1) : word;
    }

    /** The three lists of the resource file, by section. */
    private record Lists(Set<String> given, Set<String> family, Set<String> chineseSurnames) {

        static Lists load() {
            Map<String, Set<String>> sections = new HashMap<>();
            try (InputStream in = PersonName.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the class path");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Set<String> current = null;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                    if (line.startsWith("[") && line.endsWith("]")) {
                        current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new HashSet<>());
                    } else if (current != null) {
                        current.addAll(List.of(line.split("\\s+")));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            return new Lists(Set.copyOf(sections.getOrDefault("given", Set.of())),
                    Set.copyOf(sections.getOrDefault("family", Set.of())),
                    Set.copyOf(sections.getOrDefault("chinese-surnames", Set.of())));
        }
    }
}
