package io.sluice.engine.scan.values;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A street address:
 * <ul>
 *   <li>in Latin script: a house number ({@code 12}, {@code 12a}, {@code 12-14}) and a street-type word,
 *       in either order ({@code 12 Baker Street}, {@code 5 rue de Rivoli}, {@code Calle Mayor 5}) or as the
 *       end of a compound ({@code Hauptstraße 5}, {@code Kalverstraat 12});</li>
 *   <li>in Chinese: a street word ({@code 路 街 大道 巷 弄 胡同}) and a house number ({@code 88号}) or an
 *       administrative division ({@code 省 市 区 县 镇}).</li>
 * </ul>
 */
public final class PostalAddress {

    private static final Pattern HOUSE_NUMBER = Pattern.compile("(?:no\\.?)?\\d{1,5}[a-z]?(?:[-/]\\d{1,5}[a-z]?)?");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");
    private static final Set<String> STREET_WORDS = Set.of(
            // English
            "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "way",
            "court", "ct", "place", "pl", "terrace", "square", "sq", "highway", "hwy", "parkway", "pkwy", "circle",
            "crescent", "close", "alley",
            // French, Spanish, Catalan, Italian, Portuguese
            "rue", "chemin", "allée", "impasse", "quai", "cours", "calle", "avenida", "plaza", "paseo", "carrer",
            "camino", "via", "viale", "piazza", "corso", "largo", "rua", "travessa",
            // German, Dutch, Polish
            "straße", "strasse", "str", "weg", "platz", "allee", "gasse", "damm", "straat", "laan", "plein", "gracht",
            "kade", "singel", "ulica", "ul");
    /** Street types written as the end of one word with the street's name. */
    private static final List<String> COMPOUND_ENDINGS = List.of("straße", "strasse", "str.", "weg", "platz", "allee",
            "gasse", "damm", "straat", "laan", "plein", "gracht", "kade", "singel");
    private static final Pattern CHINESE_STREET = Pattern.compile(".*(?:路|街|大道|巷|弄|胡同).*");
    private static final Pattern CHINESE_NUMBER_OR_DIVISION = Pattern.compile(".*(?:\\d+号|[省市区县镇]).*");

    private PostalAddress() {
    }

    public static Verdict check(String value) {
        if (value.length() < 5 || value.length() > 200) {
            return Verdict.NO_MATCH;
        }
        if (value.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
            return CHINESE_STREET.matcher(value).matches() && CHINESE_NUMBER_OR_DIVISION.matcher(value).matches()
                    ? Verdict.VALID : Verdict.NO_MATCH;
        }
        boolean number = false;
        boolean street = false;
        for (String word : SEPARATORS.split(value.toLowerCase(Locale.ROOT))) {
            number |= HOUSE_NUMBER.matcher(word).matches();
            street |= isStreetWord(word);
        }
        return number && street ? Verdict.VALID : Verdict.NO_MATCH;
    }

    public static boolean isValid(String value) {
        return check(value) == Verdict.VALID;
    }

    private static boolean isStreetWord(String word) {
        String bare = word.endsWith(".") ? word.substring(0, word.length() - 1) : word;
        if (STREET_WORDS.contains(bare)) {
            return true;
        }
        for (String ending : COMPOUND_ENDINGS) {
            if (word.length() > ending.length() + 2 && word.endsWith(ending) && Character.isLetter(word.charAt(0))) {
                return true;
            }
        }
        return false;
    }
}
